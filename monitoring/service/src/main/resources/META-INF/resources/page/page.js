// Draws the page's charts from the data the server embedded (#page-data); Chart.js comes from the
// service's own jar (webjar), nothing is fetched from elsewhere.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('page-data').textContent);
  var palette = ['#0b57d0', '#e0883a', '#1b7f3b', '#8e44ad', '#b3261e', '#00838f', '#6d4c41'];
  Chart.defaults.animation = false; // drawn once, right away; also keeps the browser test deterministic
  Chart.defaults.maintainAspectRatio = false;

  // The page formats shares like PageFormat.share: a percentage with one decimal.
  function share(v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + ' %'; }
  function shares(counts) {
    var total = counts.reduce(function (a, b) { return a + b; }, 0);
    return counts.map(function (c) { return total === 0 ? 0 : c / total; });
  }
  function time(ms) { return new Date(ms).toISOString().slice(0, 16).replace('T', ' '); }

  var accuracy = document.getElementById('accuracy-chart');
  if (accuracy) {
    var datasets = [];
    Object.keys(data.quality || {}).forEach(function (version, i) {
      var columns = data.quality[version];
      var color = palette[i % palette.length];
      function series(key) {
        var out = [];
        columns[key].forEach(function (y, j) {
          if (y !== null && y !== undefined) { out.push({ x: columns.t[j] * 1000, y: y }); }
        });
        return out;
      }
      datasets.push({ label: 'v' + version + ' accuracy', data: series('accuracy'), borderColor: color,
        backgroundColor: color, pointRadius: 2, borderWidth: 2, yAxisID: 'y' });
      var shadow = series('shadowAccuracy');
      if (shadow.length) {
        datasets.push({ label: 'v' + version + ' shadow accuracy', data: shadow, borderColor: color, borderDash: [6, 4],
          pointRadius: 0, borderWidth: 1.5, yAxisID: 'y' });
      }
      datasets.push({ label: 'v' + version + ' labelled share', data: series('labelledShare'), borderColor: color,
        borderDash: [2, 3], pointRadius: 0, borderWidth: 1, yAxisID: 'share' });
    });
    // The x axis spans the stored evaluations (an hour either side of a single one).
    var ts = [];
    datasets.forEach(function (d) { d.data.forEach(function (p) { ts.push(p.x); }); });
    var xmin = ts.length ? Math.min.apply(null, ts) : Date.now() - 3600e3;
    var xmax = ts.length ? Math.max.apply(null, ts) : Date.now();
    if (xmax - xmin < 2 * 3600e3) { xmin -= 3600e3; xmax += 3600e3; }
    new Chart(accuracy, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        parsing: false, normalized: true, spanGaps: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'linear', min: xmin, max: xmax, ticks: { callback: function (v) { return time(v).slice(5); }, maxTicksLimit: 6 } },
          y: { min: 0, max: 1, title: { display: true, text: 'accuracy' }, ticks: { callback: share } },
          share: { position: 'right', min: 0, max: 1, grid: { drawOnChartArea: false }, ticks: { callback: share },
            title: { display: true, text: 'labelled share' } }
        },
        plugins: {
          decimation: { enabled: true, algorithm: 'lttb', samples: 300 },
          legend: { labels: { boxWidth: 12 } },
          tooltip: { callbacks: {
            title: function (items) { return items.length ? time(items[0].parsed.x) + ' UTC' : ''; },
            label: function (item) { return item.dataset.label + ': ' + share(item.parsed.y); } } }
        }
      }
    });
  }

  var distribution = document.getElementById('distribution-chart');
  var select = document.getElementById('feature-select');
  var chart = null;
  function draw(feature) {
    var d = data.distributions[feature];
    if (!d) { return; }
    var training = shares(d.training);
    var live = shares(d.live);
    distribution.dataset.feature = feature;
    if (!chart) {
      chart = new Chart(distribution, {
        type: 'bar',
        data: { labels: d.bins, datasets: [
          { label: 'training', data: training, backgroundColor: 'rgba(110,110,110,0.45)', grouped: false, barPercentage: 1.0 },
          { label: 'live', data: live, backgroundColor: 'rgba(11,87,208,0.55)', grouped: false, barPercentage: 0.6 }] },
        options: {
          scales: { y: { beginAtZero: true, ticks: { callback: share } }, x: { ticks: { autoSkip: false, maxRotation: 60 } } },
          plugins: {
            title: { display: true, text: feature },
            tooltip: { callbacks: { label: function (item) { return item.dataset.label + ': ' + share(item.parsed.y); } } }
          }
        }
      });
    } else {
      chart.data.labels = d.bins;
      chart.data.datasets[0].data = training;
      chart.data.datasets[1].data = live;
      chart.options.plugins.title.text = feature;
      chart.update();
    }
    document.querySelectorAll('#drift-table tbody tr').forEach(function (tr) {
      tr.classList.toggle('chosen', tr.dataset.feature === feature);
    });
    if (select && select.value !== feature) { select.value = feature; }
    var url = new URL(window.location.href);
    url.searchParams.set('feature', feature);
    window.history.replaceState(null, '', url);
  }
  if (distribution) {
    draw(distribution.dataset.feature);
    if (select) { select.addEventListener('change', function () { draw(select.value); }); }
    document.querySelectorAll('#drift-table .pick').forEach(function (b) {
      b.addEventListener('click', function () { draw(b.dataset.feature); });
    });
  }

  var drivers = document.getElementById('drivers-chart');
  if (drivers && data.drivers && data.drivers.length) {
    new Chart(drivers, {
      type: 'bar',
      data: { labels: data.drivers.map(function (d) { return d.feature; }), datasets: [
        { label: 'now', data: data.drivers.map(function (d) { return d.live; }), backgroundColor: 'rgba(11,87,208,0.7)' },
        { label: 'training', data: data.drivers.map(function (d) { return d.training; }), backgroundColor: 'rgba(110,110,110,0.5)' }] },
      options: { indexAxis: 'y', scales: { x: { beginAtZero: true, max: 1, ticks: { callback: share } },
        y: { ticks: { autoSkip: false } } },
        plugins: { tooltip: { callbacks: { label: function (item) { return item.dataset.label + ': ' + share(item.parsed.x); } } } } }
    });
  }
}());
