'use strict';
// The plotly.js the Wirkungsmonitor serves (dashboard/security.py): its core (scatter and every cartesian component:
// axes, legend, annotations, shapes, range slider, hover, image export, locales) plus the two other trace types the
// dashboard draws. A new trace type in a figure needs its line here and `make plotly-bundle`.
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/heatmap')]);

module.exports = Plotly;
