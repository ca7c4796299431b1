/* wm_components.Deferred (dashboard/components.py: Deferred): content that arrives with the page as data and becomes
   the component's children once the page's first chart was drawn and painted (window.wmAfterFirstChart,
   03-progressive-charts.js). A Handlungsfeld page sends seven chart cards; Dash's renderer taking in the five below
   the first row, React rendering them, and the browser laying them out while plotly measures its text held up the
   first chart by ~0.1 s (issue #19). Until then the content is a plain property Dash's renderer does not walk; then
   dash_clientside.set_props makes it the children (the same as a callback's answer: paths, ids, React), so the cards
   are Dash's own elements as anywhere else. New content (another page with the same component) waits for its own
   first chart. */
(function () {
    "use strict";
    var React = window.React;

    // id -> the newest content waiting to be shown. Kept here, not in the component: when something on the page keeps
    // failing (plotly.js did not load), Dash's renderer mounts the component anew again and again, and a wait per
    // instance would never end.
    var waiting = {};

    function show(id) {
        var content = waiting[id];
        delete waiting[id];
        if (content !== null && content !== undefined && document.getElementById(id)) {
            window.dash_clientside.set_props(id, {children: content, content: null});
        }
    }

    function Deferred(props) {
        var content = props.content;
        var id = props.id;
        React.useEffect(function () {  // after every render: one wait per id, for the newest content
            if (content === null || content === undefined) {
                return;
            }
            var first = !Object.prototype.hasOwnProperty.call(waiting, id);
            waiting[id] = content;
            if (first) {
                (window.wmAfterFirstChart || function (callback) { setTimeout(callback, 0); })(function () { show(id); });
            }
        });
        // data-deferred="waiting" until the content is shown (the browser tests wait for it to go)
        var pending = content !== null && content !== undefined ? "waiting" : null;
        return React.createElement("div", {id: id, className: props.className, "data-deferred": pending}, props.children);
    }

    window.wm_components = Object.assign(window.wm_components || {}, {Deferred: Deferred});
}());
