/* Vorher-nachher (/vorher-nachher): accessible names and focus for Dash 4's dropdowns and date picker in the page's
   form (.vn-auswahl), which axe flags as they come (WCAG 4.1.2):
   - a dropdown is reached by Tab through a hidden read-only input (aria-hidden, yet focusable) that passes the focus
     on to its button: the button itself takes the Tab stop instead, and the hidden input leaves the tab order;
   - the button is named by its field's <label for> alone (Dash names it by its value, so the label went unheard), and
     described by its shown value and the field's hint;
   - the date picker's wrapper (a plain div) carries popup attributes that only a button may have.
   React sets these attributes again when it renders, so an observer repeats the fix. */
(function () {
    function fix(form) {
        form.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
            if (input.tabIndex !== -1) input.tabIndex = -1;
        });
        form.querySelectorAll("button.dash-dropdown").forEach(function (button) {
            if (button.tabIndex !== 0 && !button.disabled) button.tabIndex = 0;
            if (button.id && form.querySelector('label[for="' + button.id + '"]')) {
                // named by its <label for>; the shown value (and the field's hint) describe it
                if (button.hasAttribute("aria-labelledby")) button.removeAttribute("aria-labelledby");
                var ids = [button.id + "-value", button.id + "-value-count", button.id + "-hinweis"].filter(function (id) {
                    return document.getElementById(id);
                });
                var want = ids.join(" ");
                if (button.getAttribute("aria-describedby") !== want) button.setAttribute("aria-describedby", want);
            }
        });
        form.querySelectorAll(".dash-datepicker-input-wrapper").forEach(function (wrapper) {
            ["aria-expanded", "aria-haspopup", "aria-disabled"].forEach(function (a) {
                if (wrapper.hasAttribute(a)) wrapper.removeAttribute(a);
            });
        });
    }

    var pending = false;
    function run() {
        pending = false;
        document.querySelectorAll("form.vn-auswahl").forEach(fix);
    }
    new MutationObserver(function () {
        if (!pending) {
            pending = true;
            requestAnimationFrame(run);
        }
    }).observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["tabindex", "aria-labelledby", "aria-describedby", "aria-expanded", "aria-haspopup"],
    });
})();
