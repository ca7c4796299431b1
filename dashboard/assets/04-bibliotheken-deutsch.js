/* The libraries' own words in the page's language (<html lang>, set by dashboard/i18n.py from `?lang=` or the
   language cookie): they ship English only, or pick their language from the browser instead of the page.

   - Date pickers (dcc.DatePickerSingle/Range, date-fns 4): Dash takes the locale from `window.dateFns.locale`, matched
     against the browser's languages. 02-date-fns-locale-de.js (date-fns' own German locale) registers "de"; here the
     page's language decides: German month and weekday names on a German page, date-fns' default English on an English
     one, whatever the browser says.
   - Plotly date axes: plotly.js' German locale (02-plotly-locale-de.js) has month names but English patterns
     ("Okt 5"); registered again here with German ones ("5. Okt.", "5. Okt. 2025", "Okt. 2025").
   - Labels that the libraries write in English into the page (aria-label, title): the date picker's month buttons and the
     year field's −/+ buttons, Leaflet's zoom buttons, layers button and attribution. On a German page an observer replaces them as they come
     (React and Leaflet create them when a calendar opens or a map is drawn).
   - The date picker's wrapper (a plain div) carries popup attributes that only a button may have (axe:
     aria-allowed-attr): removed, wherever a date picker is; its calendar's year field gets a name ("Jahr"/"Year"). */
(function () {
    "use strict";

    function lang() {
        return document.documentElement.lang === "en" ? "en" : "de";
    }

    // date-fns: read on every format call, so a getter follows the page's language
    var loaded = (window.dateFns && window.dateFns.locale) || {};
    window.dateFns = Object.assign({}, window.dateFns);
    Object.defineProperty(window.dateFns, "locale", {
        configurable: true,
        enumerable: true,
        get: function () {
            return lang() === "de" && loaded.de ? { de: loaded.de } : {};
        },
    });

    // plotly.js replaces a locale's format as a whole: all of it, with the date patterns German
    var plotlyDe = {
        moduleType: "locale",
        name: "de",
        format: {
            days: ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
            shortDays: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
            months: [
                "Januar", "Februar", "März", "April", "Mai", "Juni",
                "Juli", "August", "September", "Oktober", "November", "Dezember",
            ],
            shortMonths: ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
            periods: ["", ""],
            dateTime: "%a, %-d. %b %Y, %X",
            date: "%d.%m.%Y",
            time: "%H:%M:%S",
            decimal: ",",
            thousands: ".",
            grouping: [3],
            currency: ["", " €"],
            year: "%Y",
            month: "%b %Y",
            dayMonth: "%-d. %b",
            dayMonthYear: "%-d. %b %Y",
        },
    };
    if (window.Plotly && window.Plotly.register) {
        window.Plotly.register(plotlyDe);
    } else {
        window.PlotlyLocales = window.PlotlyLocales || [];
        window.PlotlyLocales.push(plotlyDe);
    }

    // English label (aria-label, title) → German, on German pages
    var GERMAN = {
        "Previous month": "Vorheriger Monat",
        "Next month": "Nächster Monat",
        "Close calendar": "Kalender schließen",
        "Clear date": "Datum löschen",
        "Clear Dates": "Daten löschen",
        "Decrease value": "Wert verringern",
        "Increase value": "Wert erhöhen",
        "Zoom in": "Hineinzoomen",
        "Zoom out": "Herauszoomen",
        "Layers": "Kartenebenen",
        "A JavaScript library for interactive maps": "Eine JavaScript-Bibliothek für interaktive Karten",
    };
    var selector = Object.keys(GERMAN)
        .map(function (en) {
            return '[aria-label="' + en + '"], [title="' + en + '"]';
        })
        .join(", ");

    function fix() {
        pending = false;
        if (lang() === "de") {
            document.querySelectorAll(selector).forEach(function (el) {
                ["aria-label", "title"].forEach(function (a) {
                    var de = GERMAN[el.getAttribute(a)];
                    if (de) el.setAttribute(a, de);
                });
            });
        }
        // the calendar's year field has no name (axe: label, critical)
        document.querySelectorAll(".dash-datepicker-controls input").forEach(function (input) {
            var want = lang() === "de" ? "Jahr" : "Year";
            if (input.getAttribute("aria-label") !== want) input.setAttribute("aria-label", want);
        });
        document.querySelectorAll(".dash-datepicker-input-wrapper").forEach(function (wrapper) {
            ["aria-expanded", "aria-haspopup", "aria-disabled"].forEach(function (a) {
                if (wrapper.hasAttribute(a)) wrapper.removeAttribute(a);
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
        attributeFilter: ["aria-label", "title", "aria-expanded", "aria-haspopup", "aria-disabled"],
    });
    schedule();
})();
