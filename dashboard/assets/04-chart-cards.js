/* Chart cards (dashboard/components.py): chart and table tabs, the "Teilen / Einbetten" dialog, PNG/SVG download.
   One listener per event on the document: cards arrive and leave with Dash's page changes, nothing to bind per card.

   Tabs (WAI-ARIA tabs pattern): Tab reaches the chosen tab; the arrow keys, Home and End choose another and move the
   focus to it; Enter, Space and a click choose the tab under it.
   Dialog: a native modal <dialog> (showModal: the page behind is inert, Escape closes it, the focus returns to the
   button that opened it); the size radios rewrite the iframe code's width/height and resize the preview. It arrives
   empty with its content as JSON (components.py: share_dialog, share_content) and is built here when first opened,
   every text as textContent or an input's value; built again when a callback changed the content (the map).
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

    function setSize(dialog, value, label) {
        var size = value.split("x");  // "800x520", "100%x520"
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
        dialog.querySelector(".wm-preview-size").textContent = label;
    }

    function copyGroup(parent, targetId, text, className) {
        var button = parent.appendChild(element("button", className, text));
        button.type = "button";
        button.dataset.target = targetId;
        return button;
    }

    function buildDialog(dialog) {
        var json = dialog.getAttribute("data-share");
        if (!json || dialog.__wmShare === json) {
            return;
        }
        var c = JSON.parse(json);
        var d = dialog.id;
        var parts = document.createDocumentFragment();
        var head = parts.appendChild(element("div", "d-flex justify-content-between align-items-start mb-3"));
        head.appendChild(element("h2", "h5 mb-0 me-2", c.title)).id = d + "-titel";
        var x = head.appendChild(element("button", "btn-close wm-dialog-close"));
        x.type = "button";
        x.setAttribute("aria-label", c.close);
        if (c.warning) {
            parts.appendChild(element("p", "small alert alert-warning py-1", c.warning));
        }
        parts.appendChild(element("label", "form-label fw-semibold mb-1", c.link_label)).htmlFor = d + "-link";
        var group = parts.appendChild(element("div", "input-group mb-3"));
        var link = group.appendChild(element("input", "form-control wm-share-link"));
        link.id = d + "-link";
        link.type = "text";
        link.readOnly = true;
        link.value = c.link;
        copyGroup(group, link.id, c.copy_link, "btn btn-outline-secondary wm-copy");
        if (c.no_embed) {
            parts.appendChild(element("p", "small mb-0 wm-no-embed", c.no_embed));
        }
        var e = c.embed;
        if (e) {
            var block = parts.appendChild(element("div"));
            block.appendChild(element("span", "form-label fw-semibold mb-1 d-block", e.label)).id = d + "-code-label";
            var pre = block.appendChild(element("pre", "border p-2 bg-light mb-1 wm-embed-code"));
            pre.tabIndex = 0;
            pre.setAttribute("aria-labelledby", d + "-code-label");
            pre.appendChild(element("code", null, e.code)).id = d + "-code";
            copyGroup(block, d + "-code", e.copy, "btn btn-outline-secondary btn-sm wm-copy mb-3");
            var fieldset = parts.appendChild(element("fieldset", "mb-2"));
            fieldset.appendChild(element("legend", "form-label fs-6 fw-semibold mb-1", e.size));
            var radios = fieldset.appendChild(element("div"));
            radios.id = d + "-groesse";
            e.sizes.forEach(function (s, i) {
                var item = radios.appendChild(element("div", "form-check form-check-inline"));
                var radio = item.appendChild(element("input", "form-check-input wm-embed-size"));
                radio.type = "radio";
                radio.name = d + "-groesse";
                radio.id = d + "-groesse-" + i;
                radio.value = s.value;
                radio.checked = i === 0;
                item.appendChild(element("label", "form-check-label", s.label)).htmlFor = radio.id;
            });
            var said = parts.appendChild(element("p", "small mb-1", e.preview + ": "));
            said.appendChild(element("span", "wm-preview-size"));
            var preview = parts.appendChild(element("div", "wm-embed-preview-area mb-2"))
                .appendChild(element("div", "wm-embed-preview"));
            preview.dataset.scale = String(e.scale);
            preview.appendChild(element("span", "small", e.preview_title));
        }
        var status = parts.appendChild(element("p", "visually-hidden wm-copied"));
        status.setAttribute("role", "status");
        status.dataset.text = c.copied;
        var close = parts.appendChild(element("div", "text-end mt-3"))
            .appendChild(element("button", "btn btn-secondary wm-dialog-close", c.close));
        close.type = "button";
        while (dialog.firstChild) {
            dialog.removeChild(dialog.firstChild);
        }
        dialog.appendChild(parts);
        if (e) {
            setSize(dialog, e.sizes[0].value, e.sizes[0].label);
        }
        dialog.__wmShare = json;
    }

    new MutationObserver(function (records) {
        records.forEach(function (r) {
            if (r.attributeName === "data-table" && r.target.__wmTable !== undefined) {
                buildTable(r.target);
            } else if (r.attributeName === "data-share" && r.target.open) {
                buildDialog(r.target);  // a closed one is built again when next opened
            }
        });
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-table", "data-share"]});

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
                buildDialog(dialog);
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
        var label = radio.closest(".form-check").querySelector("label");
        setSize(radio.closest("dialog"), radio.value, label ? label.textContent : "");
    });
}());
