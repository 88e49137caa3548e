// /stats charts, drawn over the tables that carry the same numbers. Data comes from the page's
// <script type="application/json" id="stats-data">; the Hunan map from /assets/maps/hunan.json.
// No inline script anywhere (the CSP forbids it); chart boxes have fixed sizes in site.css.
(function () {
  'use strict';
  var dataEl = document.getElementById('stats-data');
  if (!dataEl || !window.echarts) return;
  var data = JSON.parse(dataEl.textContent || '{}');
  var en = document.documentElement.lang === 'en';
  var regionBase = en ? '/en/regions/' : '/regions/';
  var unit = en ? '100 million yuan' : '亿元';
  var projectsWord = en ? ' projects' : ' 个项目';
  var undisclosedWord = en ? 'amount not disclosed' : '金额未披露';
  var font = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';

  function init(id) {
    var box = document.getElementById(id);
    if (!box) return null;
    box.textContent = '';
    box.classList.add('drawn');
    var chart = window.echarts.init(box, null, { renderer: 'canvas' });
    window.addEventListener('resize', function () { chart.resize(); });
    return chart;
  }

  function bars(id, rows, horizontal) {
    var chart = init(id);
    if (!chart) return;
    var names = rows.map(function (r) { return r.name; });
    var values = rows.map(function (r) { return r.yi; });
    var category = { type: 'category', data: names, axisLabel: { interval: 0, fontFamily: font } };
    var value = { type: 'value', name: unit };
    chart.setOption({
      textStyle: { fontFamily: font },
      tooltip: { trigger: 'axis' },
      grid: { left: horizontal ? 110 : 50, right: 20, top: 30, bottom: horizontal ? 30 : 60 },
      xAxis: horizontal ? value : Object.assign({}, category, { axisLabel: { rotate: 30, interval: 0 } }),
      yAxis: horizontal ? Object.assign({}, category, { inverse: true }) : value,
      series: [{ type: 'bar', data: values, itemStyle: { color: '#b3262d' } }],
    });
  }

  if (document.getElementById('chart-map')) {
    fetch('/assets/maps/hunan.json')
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        window.echarts.registerMap('hunan', geo);
        var chart = init('chart-map');
        if (!chart) return;
        // An area whose projects all have undisclosed amounts is grey and says so: not "0".
        var values = data.regions.map(function (r) {
          var v = { name: r.name, value: r.yi, code: r.code, projects: r.projects, undisclosed: r.undisclosed || 0 };
          if (r.projects > 0 && r.undisclosed === r.projects) {
            v.itemStyle = { areaColor: '#d4d4d4' };
            v.label = { show: true, formatter: '{b}\n' + r.projects + projectsWord };
          }
          return v;
        });
        // The map's areas are named in Chinese (geo); an English page shows its own names.
        var nameMap = {};
        data.regions.forEach(function (r) { if (r.geo && r.geo !== r.name) nameMap[r.geo] = r.name; });
        var max = Math.max.apply(null, [1].concat(values.map(function (v) { return v.value; })));
        chart.setOption({
          textStyle: { fontFamily: font },
          tooltip: {
            trigger: 'item',
            formatter: function (p) {
              var d = p.data || { projects: 0, undisclosed: 0 };
              if (d.projects > 0 && d.undisclosed === d.projects) return p.name + '<br>' + d.projects + projectsWord + (en ? ', ' : '，') + undisclosedWord;
              var more = d.undisclosed > 0 ? (en ? ' (' + d.undisclosed + ' ' + undisclosedWord + ')' : '（其中 ' + d.undisclosed + ' 个' + undisclosedWord + '）') : '';
              return p.name + '<br>' + (p.value || 0) + ' ' + unit + ' · ' + d.projects + projectsWord + more;
            },
          },
          visualMap: { min: 0, max: max, left: 10, bottom: 10, text: en ? ['high', 'low'] : ['高', '低'], calculable: true, inRange: { color: ['#fbe9e7', '#b3262d'] } },
          series: [{ type: 'map', map: 'hunan', nameMap: nameMap, data: values, label: { show: true, fontSize: 10, fontFamily: font }, labelLayout: { hideOverlap: true }, emphasis: { label: { show: true } } }],
        });
        chart.on('click', function (p) { if (p.data && p.data.code) window.location.href = regionBase + p.data.code; });
        document.getElementById('chart-map').setAttribute('data-ready', '1');
      });
  }
  if (document.getElementById('chart-regions')) bars('chart-regions', data.regions, true);
  bars('chart-sectors', data.sectors.slice(0, 15), true);
  bars('chart-stages', data.stages, false);

  var months = init('chart-months');
  if (months) {
    months.setOption({
      textStyle: { fontFamily: font },
      tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 20, top: 30, bottom: 40 },
      xAxis: { type: 'category', data: data.months.map(function (r) { return r.name; }) },
      yAxis: { type: 'value', name: unit },
      series: [{ type: 'line', data: data.months.map(function (r) { return r.yi; }), itemStyle: { color: '#b3262d' }, areaStyle: { opacity: 0.15 } }],
    });
  }

  var conv = init('chart-conversion');
  if (conv) {
    var names = data.conversion.map(function (r) { return r.name; });
    var series = [['signed', en ? 'signed' : '签约'], ['started', en ? 'then started' : '其后开工'], ['completed', en ? 'then completed' : '其后竣工']];
    conv.setOption({
      textStyle: { fontFamily: font },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 110, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: names, inverse: true },
      series: series.map(function (s) { return { name: s[1], type: 'bar', data: data.conversion.map(function (r) { return r[s[0]]; }) }; }),
    });
  }
})();
