/* Karte (/karte): how GeoJSON points become Leaflet layers. dash-leaflet calls these by name
   ({"variable": "wmKarte.station"}). A station feature carries its name, value text, colour class and size (computed
   on the server); the marker's HTML, title and tooltip are made here with the layer's hideout (glyph, colours,
   texts in the reader's language). */
function wmKarteKeyboard(marker) {
    // Leaflet fires "click" for Enter on a focused marker without passing it to the marker's GeoJSON layer, where
    // dash-leaflet listens: pass Enter and Space on as a click that does reach it.
    marker.on("keydown", function (e) {
        var key = e.originalEvent && e.originalEvent.key;
        if (key === "Enter" || key === " ") {
            e.originalEvent.preventDefault();
            marker.fire("click", {latlng: marker.getLatLng(), originalEvent: e.originalEvent}, true);
        }
    });
    return marker;
}

window.wmKarte = Object.assign({}, window.wmKarte, {
    station: function (feature, latlng) {
        var p = feature.properties;
        var context = arguments[arguments.length - 1];
        var h = (context && context.hideout) || {};
        var colours = (p.cls === undefined || p.cls === null || !h.ramp) ? (h.none || ["#D0D0D0", "#000000"]) : h.ramp[p.cls];
        var glyph = document.createElement("span");
        glyph.setAttribute("aria-hidden", "true");
        glyph.textContent = h.glyph || "";
        var html = '<div class="wm-marker' + (p.sel ? " wm-selected" : "") + '" style="width:' + p.size + "px;height:" +
            p.size + "px;background:" + colours[0] + ";color:" + colours[1] + '">' + glyph.outerHTML + "</div>";
        var icon = L.divIcon({html: html, className: "wm-marker-icon", iconSize: [p.size, p.size]});
        var title = p.name + ": " + p.val + (p.when || "");
        // autoPanOnFocus off: Leaflet panned the map to a focused marker, the clustered layers then drew their markers
        // anew and the keyboard focus was lost in the middle of the map (Tab jumped past the map's controls)
        var marker = L.marker(latlng, {icon: icon, title: title, alt: title, keyboard: true, riseOnHover: true,
                                       zIndexOffset: p.z || 0, autoPanOnFocus: false});
        var tip = document.createElement("div");
        var name = document.createElement("strong");
        name.textContent = p.name;
        tip.appendChild(name);
        tip.appendChild(document.createElement("br"));
        tip.appendChild(document.createTextNode((h.latest || "") + ": " + p.val + (p.when || "")));
        marker.bindTooltip(tip.innerHTML);
        return wmKarteKeyboard(marker);
    },
    // A group of markers of one kind: the kind's letter and the number, neutral grey (values differ inside).
    // Its title comes in the reader's language from the layer's hideout (label, hint).
    cluster: function (feature, latlng, index, context) {
        var n = feature.properties.point_count;
        var h = (context && context.hideout) || {};
        var size = n < 10 ? 34 : (n < 50 ? 40 : 46);
        var text = document.createElement("span");
        text.textContent = (h.glyph || "") + "\u00a0" + n;
        var html = '<div class="wm-cluster" style="width:' + size + 'px;height:' + size + 'px">' + text.outerHTML + "</div>";
        var icon = L.divIcon({html: html, className: "wm-marker-icon", iconSize: [size, size]});
        return wmKarteKeyboard(L.marker(latlng, {icon: icon, keyboard: true, autoPanOnFocus: false,
                                                 title: n + " " + (h.label || "") + " – " + (h.hint || "zum Vergrößern klicken")}));
    },
    // A district's name as a permanent label in its middle (the map's orientation without tiles); not interactive, so
    // clicks and the keyboard reach the markers beneath.
    districtLabel: function (feature, layer) {
        var name = feature.properties && feature.properties.name;
        if (name) {
            layer.bindTooltip(String(name), {permanent: true, direction: "center", interactive: false,
                                             className: "wm-district-label"});
        }
    },
    density: function (feature, latlng) {
        var p = feature.properties;
        return L.circleMarker(latlng, {radius: p.radius, color: "#7A3100", weight: 1, fillColor: "#C24E00",
                                       fillOpacity: 0.45});
    }
});

// The series chart's relayouts that change the x axis (zoom, pan, autoscale); autosize relayouts stay in the browser
// (see pages/karte.py: a pending request for them made Dash drop the answer to a level chosen at the same moment).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    wmKarte: {
        zoomOnly: function (relayout) {
            var keys = Object.keys(relayout || {});
            for (var i = 0; i < keys.length; i++) {
                if (keys[i].indexOf("xaxis.range") === 0 || keys[i] === "xaxis.autorange") {
                    return relayout;
                }
            }
            return window.dash_clientside.no_update;
        }
    }
});
