/* Präsentation (/praesentation): keyboard and clicker navigation, full screen. Active only while a #praesentation
   element exists. All slides are in the page; this script shows one and keeps its number in the URL (?folie=3), so a
   reload or a shared link opens the same slide. Clickers send →/←, PageDown/PageUp or Space/Shift+Space. */
(function () {
    "use strict";

    function root() {
        var r = document.getElementById("praesentation");
        return r && !r.classList.contains("druck") ? r : null;
    }

    function show(r, n) {
        var slides = r.querySelectorAll(".folie");
        if (!slides.length) { return; }
        var k = Math.min(Math.max(n, 1), slides.length);
        var old = r.querySelector(".folie.aktiv");
        var refocus = old && old.contains(document.activeElement) ? document.activeElement.getAttribute("data-rolle") : null;
        slides.forEach(function (s, i) { s.classList.toggle("aktiv", i === k - 1); });
        r.setAttribute("data-folie", String(k));
        var url = new URL(window.location.href);
        url.searchParams.set("folie", String(k));
        // replaceState: Dash's router does not re-render, and the browser's Back leaves the presentation
        window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
        var status = document.getElementById("praes-status");
        var title = slides[k - 1].querySelector(".folie-titel");
        if (status) {  // the words in the page's language come with the page (data-wort-*)
            status.textContent = (r.getAttribute("data-wort-folie") || "Folie") + " " + k + " " +
                (r.getAttribute("data-wort-von") || "von") + " " + slides.length + ": " + (title ? title.textContent : "");
        }
        if (refocus) {
            var target = slides[k - 1].querySelector('[data-rolle="' + refocus + '"]') ||
                slides[k - 1].querySelector("[data-rolle]");
            if (target) { target.focus(); }
        }
    }

    function current(r) { return parseInt(r.getAttribute("data-folie") || "1", 10) || 1; }

    function toggleFullscreen() {
        var done = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
        if (done && done.catch) { done.catch(function () { /* refused (no user gesture, iframe): stay as is */ }); }
    }

    document.addEventListener("keydown", function (e) {
        var r = root();
        if (!r || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) { return; }
        var t = e.target;
        var tag = t && t.tagName ? t.tagName.toLowerCase() : "";
        if (tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable)) { return; }
        var onButton = tag === "button";
        var n = current(r);
        var total = r.querySelectorAll(".folie").length;
        var next = null;
        switch (e.key) {
            case "ArrowRight": case "PageDown": next = n + 1; break;
            case "ArrowLeft": case "PageUp": next = n - 1; break;
            case " ": case "Spacebar":
                if (onButton) { return; }  // Space presses the focused button
                next = e.shiftKey ? n - 1 : n + 1; break;
            case "Home": next = 1; break;
            case "End": next = total; break;
            case "f": case "F": e.preventDefault(); toggleFullscreen(); return;
            default: return;
        }
        e.preventDefault();
        show(r, next);
    });

    // Controls fade out: .praes-ruhig after IDLE_MS without mouse movement, off again at the next movement (CSS
    // does the fading, and leaves it out under prefers-reduced-motion). A newly shown presentation starts awake.
    var IDLE_MS = 3000;
    var lastMove = Date.now();
    var seen = null;
    document.addEventListener("mousemove", function () {
        lastMove = Date.now();
        var r = root();
        if (r) { r.classList.remove("praes-ruhig"); }
    }, { passive: true });
    window.setInterval(function () {
        var r = root();
        if (r !== seen) { seen = r; lastMove = Date.now(); }
        if (r) { r.classList.toggle("praes-ruhig", Date.now() - lastMove >= IDLE_MS); }
    }, 250);

    document.addEventListener("click", function (e) {
        var r = root();
        if (!r) { return; }
        var step = e.target.closest ? e.target.closest("a[data-ziel]") : null;
        if (step && r.contains(step)) {
            e.preventDefault();
            show(r, parseInt(step.getAttribute("data-ziel"), 10));
            return;
        }
        var full = e.target.closest ? e.target.closest(".praes-vollbild") : null;
        if (full && r.contains(full)) { toggleFullscreen(); }
    });
})();
