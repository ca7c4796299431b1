/* Chart cards (dashboard/components.py): chart and table tabs, the "Teilen / Einbetten" dialog, PNG/SVG download.
   One listener per event on the document: cards arrive and leave with Dash's page changes, nothing to bind per card.

   Tabs (WAI-ARIA tabs pattern): Tab reaches the chosen tab; the arrow keys, Home and End choose another and move the
   focus to it; Enter, Space and a click choose the tab under it.
   Dialog: a native modal <dialog> (showModal: the page behind is inert, Escape closes it, the focus returns to the
   button that opened it); the size radios rewrite the iframe code's width/height and resize the preview.
   Images: plotly's own export (Plotly.downloadImage) with the file name the server wrote into data-filename.
   Tables: a card's table arrives as JSON (components.py: deferred_table) and is built here when its tab is first
   shown, as the elements data_table would have sent, every text as textContent (never read as HTML). When a callback
   gives the same card new data, React changes the attribute only: a built table is built again. */
(function () {
    "use strict";

    function element(tag, className, text) {
        var e = document.createElement(tag);
        if (className) {
            e.className = className;
        }
        if (text !== undefined && text !== null) {
            e.textContent = text;
        }
        return e;
    }

    function buildTable(holder) {
        var json = holder.getAttribute("data-table");
        if (holder.__wmTable === json) {
            return;
        }
        var t = JSON.parse(json);
        var table = element("table", "table table-sm table-striped data-table");
        table.appendChild(element("caption", "visually-hidden", t.caption));
        var head = element("tr");
        t.columns.forEach(function (c) {
            var th = element("th", null, c);
            th.setAttribute("scope", "col");
            head.appendChild(th);
        });
        table.appendChild(element("thead")).appendChild(head);
        var body = element("tbody");
        t.rows.forEach(function (r) {
            var tr = element("tr");
            r.forEach(function (c) { tr.appendChild(element("td", null, c)); });
            body.appendChild(tr);
        });
        table.appendChild(body);
        var parts = document.createDocumentFragment();
        if (t.note) {
            parts.appendChild(element("p", "small text-body-secondary", t.note));
        }
        parts.appendChild(table);
        while (holder.firstChild) {  // replaceChildren is newer than the browsers docs/deployment.md supports
            holder.removeChild(holder.firstChild);
        }
        holder.appendChild(parts);
        holder.__wmTable = json;
    }

    function buildTables(root) {
        if (root) {
            root.querySelectorAll(".wm-table-deferred").forEach(buildTable);
        }
    }

    new MutationObserver(function (records) {
        records.forEach(function (r) {
            if (r.target.__wmTable !== undefined) {
                buildTable(r.target);
            }
        });
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-table"]});

    function choose(tab, focus) {
        var list = tab.closest("[role=tablist]");
        list.querySelectorAll("[role=tab]").forEach(function (t) {
            var on = t === tab;
            t.setAttribute("aria-selected", on ? "true" : "false");
            t.tabIndex = on ? 0 : -1;
            t.classList.toggle("active", on);
            var panel = document.getElementById(t.getAttribute("aria-controls"));
            if (panel) {
                if (on) {
                    buildTables(panel);
                }
                panel.hidden = !on;
            }
        });
        if (focus) {
            tab.focus();
        }
        // a chart drawn while its panel was hidden has no size: let plotly measure again
        var panel = document.getElementById(tab.getAttribute("aria-controls"));
        var plot = panel && panel.querySelector(".js-plotly-plot");
        if (plot && window.Plotly && window.Plotly.Plots) {
            window.Plotly.Plots.resize(plot);
        }
    }

    // the link (an input) or the code (a <code>) into the clipboard; without the Clipboard API (a page not served over
    // https) the text is selected and copied the old way
    function copyText(button) {
        var target = document.getElementById(button.dataset.target);
        var text = target.value !== undefined ? target.value : target.textContent;
        var status = button.closest("dialog").querySelector(".wm-copied");
        function done() {
            status.textContent = status.dataset.text;
            setTimeout(function () { status.textContent = ""; }, 3000);
        }
        function fallback() {
            var area = document.createElement("textarea");
            area.value = text;
            area.setAttribute("readonly", "");
            area.style.position = "fixed";
            area.style.opacity = "0";
            button.closest("dialog").appendChild(area);
            area.select();
            var ok = document.execCommand("copy");
            area.remove();
            button.focus();
            if (ok) {
                done();
            }
        }
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(done, fallback);
        } else {
            fallback();
        }
    }

    document.addEventListener("click", function (ev) {
        var el = ev.target instanceof Element ? ev.target : null;
        if (!el) {
            return;
        }
        var tab = el.closest(".wm-tabs [role=tab]");
        if (tab) {
            choose(tab, true);
            return;
        }
        var open = el.closest(".wm-share-open");
        if (open) {
            var dialog = document.getElementById(open.dataset.dialog);
            if (dialog && !dialog.open) {
                dialog.showModal();
            }
            return;
        }
        var close = el.closest(".wm-dialog-close");
        if (close) {
            close.closest("dialog").close();
            return;
        }
        var copy = el.closest(".wm-copy");
        if (copy) {
            copyText(copy);
            return;
        }
        var image = el.closest(".wm-image-download");
        if (image) {
            var card = image.closest(".chart-card");
            var plot = card && card.querySelector(".js-plotly-plot");
            if (plot && window.Plotly) {
                window.Plotly.downloadImage(plot, {
                    format: image.dataset.format,
                    filename: image.dataset.filename,
                    scale: image.dataset.format === "png" ? 2 : 1
                });
            }
        }
    });

    document.addEventListener("keydown", function (ev) {
        var tab = ev.target instanceof Element ? ev.target.closest(".wm-tabs [role=tab]") : null;
        if (!tab) {
            return;
        }
        var tabs = Array.prototype.slice.call(tab.closest("[role=tablist]").querySelectorAll("[role=tab]"));
        var i = tabs.indexOf(tab);
        var next = {
            ArrowRight: tabs[(i + 1) % tabs.length],
            ArrowLeft: tabs[(i - 1 + tabs.length) % tabs.length],
            Home: tabs[0],
            End: tabs[tabs.length - 1]
        }[ev.key];
        if (next) {
            ev.preventDefault();
            choose(next, true);
        }
    });

    document.addEventListener("change", function (ev) {
        var radio = ev.target instanceof Element ? ev.target.closest(".wm-embed-size") : null;
        if (!radio || !radio.checked) {
            return;
        }
        var dialog = radio.closest("dialog");
        var size = radio.value.split("x");  // "800x520", "100%x520"
        var width = size[0];
        var height = size[1];
        var code = dialog.querySelector(".wm-embed-code code");
        code.textContent = code.textContent
            .replace(/ width="[^"]*"/, ' width="' + width + '"')
            .replace(/ height="[^"]*"/, ' height="' + height + '"');
        var preview = dialog.querySelector(".wm-embed-preview");
        var scale = parseFloat(preview.dataset.scale);
        preview.style.width = width.slice(-1) === "%" ? width : (parseFloat(width) * scale) + "px";
        preview.style.height = (parseFloat(height) * scale) + "px";
        var label = radio.closest(".form-check").querySelector("label");
        dialog.querySelector(".wm-preview-size").textContent = label ? label.textContent : "";
    });
}());
