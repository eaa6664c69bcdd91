// The quarterly report's script: draws the chart and the map with Vega-Lite once the page is
// loaded, and writes any script error into the page, where a reader (or a test) sees it.
window.fibreErrors = [];
function fibreShowErrors() {
  var el = document.getElementById('script-errors');
  if (el) { el.textContent = window.fibreErrors.join('\n'); el.setAttribute('data-count', window.fibreErrors.length); }
}
function fibreRecord(message) { window.fibreErrors.push(String(message)); fibreShowErrors(); }
window.addEventListener('error', function (e) { fibreRecord(e.message || 'error'); });
window.addEventListener('unhandledrejection', function (e) { fibreRecord('unhandled: ' + e.reason); });
(function () {
  var original = console.error;
  console.error = function () { fibreRecord(Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); };
})();
document.addEventListener('DOMContentLoaded', function () {
  fibreShowErrors();
  if (!document.getElementById('chart-spec')) { return; }
  if (typeof vegaEmbed !== 'function') { fibreRecord('the chart library did not load'); return; }
  var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  var opts = { actions: false, renderer: 'svg', formatLocale: read('format-locale') };
  Promise.all([vegaEmbed('#chart', read('chart-spec'), opts), vegaEmbed('#map', read('map-spec'), opts)])
    .then(function () { document.body.setAttribute('data-rendered', 'yes'); })
    .catch(function (e) { fibreRecord(e); });
});
