/* Accessible names, roles and focus for Dash 4's dropdowns (dcc.Dropdown) on every page, which axe flags as they come
   (WCAG 4.1.2; tests/pages/test_accessibility.py opens each one; the date pickers' own fixes, with their German words,
   are in 04-bibliotheken-deutsch.js):
   - a dropdown is reached by Tab through a hidden read-only input (aria-hidden, yet focusable) that passes the focus
     on to its button: the button itself takes the Tab stop instead, and the hidden input leaves the tab order;
   - the button is named by its field's <label for> alone (Dash names it by its value, so the label went unheard), and
     described by its shown value and the field's hint (`<id>-hinweis`, if there is one);
   - the open list: Dash makes each option a role=option label around a radio button or checkbox that takes the focus
     (an interactive control inside another; the listbox has no name). The options stay what they are underneath, native
     radio buttons and checkboxes named by their label, in a group named by the field's label; the popup is a dialog.
   React sets these attributes again when it renders, so an observer repeats the fix. */
(function () {
    "use strict";

    function setAttr(el, name, value) {
        if (el.getAttribute(name) !== value) el.setAttribute(name, value);
    }

    function dropRole(el, names) {
        names.forEach(function (a) {
            if (el.hasAttribute(a)) el.removeAttribute(a);
        });
    }

    function labelText(button) {
        var label = button.id && document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
        return label ? label.textContent.trim() : "";
    }

    function fix() {
        pending = false;
        document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
            if (input.tabIndex !== -1) input.tabIndex = -1;
        });
        document.querySelectorAll("button.dash-dropdown").forEach(function (button) {
            if (button.tabIndex !== 0 && !button.disabled) button.tabIndex = 0;
            setAttr(button, "aria-haspopup", "dialog");
            var name = labelText(button);
            if (name) {
                // named by its <label for>; the shown value (and the field's hint) describe it
                dropRole(button, ["aria-labelledby"]);
                var ids = [button.id + "-value", button.id + "-value-count", button.id + "-hinweis"].filter(function (id) {
                    return document.getElementById(id);
                });
                setAttr(button, "aria-describedby", ids.join(" "));
            }
            var popup = button.getAttribute("aria-controls");
            popup = popup && document.getElementById(popup);
            if (!popup) return;
            if (name) setAttr(popup, "aria-label", name);
            popup.querySelectorAll(".dash-dropdown-options").forEach(function (list) {
                setAttr(list, "role", "group");
                if (name) setAttr(list, "aria-label", name);
            });
            popup.querySelectorAll(".dash-dropdown-option").forEach(function (option) {
                dropRole(option, ["role", "aria-selected"]);
            });
        });
    }

    var pending = false;
    function schedule() {
        if (!pending) {
            pending = true;
            requestAnimationFrame(fix);
        }
    }
    new MutationObserver(schedule).observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: [
            "tabindex", "role", "aria-selected", "aria-label", "aria-labelledby", "aria-describedby", "aria-controls",
            "aria-haspopup",
        ],
    });
    schedule();
})();
