// Builds ../../dashboard/vendor/plotly-wm.min.js from entry.js with plotly.js's own esbuild settings
// (node_modules/plotly.js/esbuild-config.js: iife, global Plotly, es2016), minified. Same inputs give the same bytes.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const version = require('plotly.js/package.json').version;

const outfile = path.join(__dirname, '..', '..', 'dashboard', 'vendor', 'plotly-wm.min.js');

esbuild
    .build({
        entryPoints: [path.join(__dirname, 'entry.js')],
        outfile: outfile,
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        sourcemap: false,
        plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
        alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false' },
        target: 'es2016',
        logLevel: 'info',
        banner: {
            js:
                '/**\n* plotly.js (core + bar + heatmap, minified; scripts/plotly-bundle) v' + version +
                '\n* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n*/'
        }
    })
    .then(() => {
        // the hash tests/pages/test_plotly_bundle.py compares the committed file with
        const sha = crypto.createHash('sha256').update(fs.readFileSync(outfile)).digest('hex');
        fs.writeFileSync(path.join(__dirname, 'plotly-wm.min.js.sha256'), sha + '  dashboard/vendor/plotly-wm.min.js\n');
    })
    .catch(() => process.exit(1));
