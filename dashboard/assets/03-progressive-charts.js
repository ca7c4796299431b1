/* Charts appear one after another instead of all at once.
   Every dcc.Graph of a page draws itself with Plotly.react right after the page's content arrives; plotly's drawing
   is synchronous, so a Handlungsfeld page with seven charts kept the browser busy for ~1.2 s in one go and showed
   the first chart only when the last was done. Here each Plotly.react waits for the previous one and gives the
   browser a turn (to paint what is done) before it starts. dcc.Graph only uses the promise react returns, so the
   order of events per chart stays the same.
   window.wmAfterFirstChart(callback) runs the callback once the next chart was drawn and painted: the parts of a page
   below the first charts wait for it (03-deferred.js), so the first chart is not held up by React rendering what
   nobody sees yet. It counts in wmChartsPending until then; without a draw it runs after 3 s all the same, and
   from then on without waiting until a chart is drawn again.
   Also: plotly.js here is a bundle of its core, bar and heatmap (scripts/plotly-bundle). A trace of a type outside it
   would be drawn wrongly without a word (plotly falls back to scatter); it is named as a console error instead, which
   the browser tests treat as a failure. */
(function () {
    "use strict";
    var queue = Promise.resolve();
    var pending = 0;  // draws queued and not finished, and parts waiting for a draw: window.wmChartsPending
    Object.defineProperty(window, "wmChartsPending", {get: function () { return pending; }});
    var waiting = [];  // wmAfterFirstChart's callbacks until the next draw is done
    var drawing = true;  // false once a wait ended without a draw, until a chart is drawn again

    // after the next frame was painted (requestAnimationFrame, then a task); where frames are not rendered (a hidden
    // tab, an embed scrolled out of view) a timer continues after 50 ms
    function nextTask() {
        return new Promise(function (resolve) {
            var done = false;
            function go() {
                if (!done) {
                    done = true;
                    resolve();
                }
            }
            requestAnimationFrame(function () { setTimeout(go, 0); });
            setTimeout(go, 50);
        });
    }

    // traces whose type plotly did not know: it draws them as another type (scatter) or not at all
    function unknownTypes(gd) {
        var full = (gd && gd._fullData) || [];
        var out = [];
        ((gd && gd.data) || []).forEach(function (trace, i) {
            if (trace && trace.type && !(full[i] && full[i]._module && full[i].type === trace.type)) {
                out.push(trace.type);
            }
        });
        return out;
    }

    function progressive(plotly) {
        if (!plotly || plotly.__wmProgressive || typeof plotly.react !== "function") {
            return plotly;
        }
        var react = plotly.react;
        plotly.react = function () {
            var self = this;
            var args = arguments;
            pending += 1;
            var run = queue.then(nextTask).then(function () { return react.apply(self, args); }).then(function (gd) {
                var unknown = unknownTypes(gd);
                if (unknown.length) {
                    console.error("plotly.js: Diagrammtyp nicht im Bündel (scripts/plotly-bundle/entry.js): " + unknown.join(", "));
                }
                return gd;
            });
            queue = run.catch(function () { return undefined; }).then(function () {
                pending -= 1;
                drawing = true;
                var drawn = waiting;
                waiting = [];
                drawn.forEach(function (go) { go(); });
            });
            return run;
        };
        plotly.__wmProgressive = true;
        return plotly;
    }

    window.wmAfterFirstChart = function (callback) {
        var done = false;
        pending += 1;
        function go() {
            if (done) {
                return;
            }
            done = true;
            nextTask().then(function () {  // the chart's frame first
                pending -= 1;
                callback();
            });
        }
        if (!drawing) {  // the last wait found no chart (plotly.js failed, the page answer came again): none now
            go();
            return;
        }
        waiting.push(go);
        setTimeout(function () {  // plotly.js is late or did not load, or the draw never came: the rest all the same
            if (!done) {
                drawing = false;
                go();
            }
        }, 3000);
    };

    if (window.Plotly) {
        progressive(window.Plotly);
        return;
    }
    // plotly.js is loaded on demand by dcc.Graph (after this file): wrap it when it sets window.Plotly
    var current;
    Object.defineProperty(window, "Plotly", {
        configurable: true,
        enumerable: true,
        get: function () { return current; },
        set: function (value) { current = progressive(value); }
    });
}());
