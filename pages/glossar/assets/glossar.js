// Glossar (/glossar): the search field filters the entries, and an address with an anchor (/glossar#dtv, a link from
// a term's first use on another page) scrolls to its entry once Dash has rendered it (the browser looks for the
// anchor before the page exists). Loaded on every page of an app that serves /glossar: it acts only where the
// glossary is.
(function () {
  "use strict";

  function filter(input) {
    const list = document.getElementById("glossar-begriffe");
    const status = document.getElementById("glossar-treffer");
    if (!list || !status) return;
    const q = input.value.trim().toLocaleLowerCase();
    let n = 0;
    list.querySelectorAll(".glossar-eintrag").forEach(function (entry) {
      const hit = !q || entry.textContent.toLocaleLowerCase().includes(q);
      entry.hidden = !hit;
      if (hit) n += 1;
    });
    const text = n === 0 ? status.dataset.keiner : n === 1 ? status.dataset.einer : status.dataset.viele;
    status.textContent = text.replace("{n}", String(n));
  }

  document.addEventListener("input", function (e) {
    if (e.target && e.target.id === "glossar-suche") filter(e.target);
  });

  let shown = null; // the anchor already scrolled to: once per address
  function toAnchor() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const list = document.getElementById("glossar-begriffe");
    if (!id || id === shown || !list) return;
    const target = document.getElementById(id);
    // the explanations (dcc.Markdown) render from a chunk of their own, after the headings: scroll once all are there
    const pending = list.querySelectorAll(".glossar-eintrag").length - list.querySelectorAll(".glossar-text").length;
    if (!target || pending > 0 || !document.querySelector(".glossar-intro")) return;
    shown = id;
    target.scrollIntoView({ block: "start", behavior: "instant" });
    target.focus({ preventScroll: true });
  }
  new MutationObserver(toAnchor).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("hashchange", function () {
    shown = null;
    toAnchor();
  });
})();
