/* Partner Console: the few behaviours HTML alone lacks. No inline scripts (CSP script-src 'self'). */
(function () {
  "use strict";

  function on(root, selector, fn) {
    if (root.matches && root.matches(selector)) fn(root);
    root.querySelectorAll(selector).forEach(fn);
  }

  function syncDisabled(box) {
    var target = document.getElementById(box.dataset.disables);
    if (target) target.disabled = box.checked;
  }

  var RULES = [
    ["length", function (v) { return v.length >= 8 && v.length <= 128; }],
    ["lower", function (v) { return /[a-z]/.test(v); }],
    ["upper", function (v) { return /[A-Z]/.test(v); }],
    ["digit", function (v) { return /[0-9]/.test(v); }],
    ["special", function (v) { return /[^A-Za-z0-9]/.test(v); }]
  ];

  function checkPassword(input) {
    var list = document.getElementById(input.dataset.passwordRule);
    if (!list) return;
    RULES.forEach(function (rule) {
      var item = list.querySelector('[data-rule="' + rule[0] + '"]');
      if (item) item.dataset.ok = rule[1](input.value) ? "yes" : "no";
    });
  }

  var uplotLoading = null;

  function loadUplot(el) {
    if (window.uPlot) return Promise.resolve();
    if (!uplotLoading) {
      uplotLoading = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = el.dataset.uplotCss;
        document.head.appendChild(css);
        var script = document.createElement("script");
        script.src = el.dataset.uplot;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return uplotLoading;
  }

  function drawChart(el) {
    if (el.dataset.drawn) return;
    el.dataset.drawn = "yes";
    var data = JSON.parse(el.dataset.chart);
    var xs = data.x.map(function (t) {
      return Date.parse(t.length === 10 ? t + "T00:00:00Z" : t) / 1000;
    });
    var ys = data.y.map(function (v) { return v / 1e12; });
    loadUplot(el).then(function () {
      var opts = {
        width: Math.max(300, el.clientWidth),
        height: 260,
        scales: { x: { time: true } },
        tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
        series: [
          {},
          { label: "Stored (TB)", stroke: "#0172ad", fill: "rgba(1, 114, 173, 0.12)", width: 2 }
        ],
        axes: [{}, { label: "TB" }]
      };
      new window.uPlot(opts, [xs, ys], el);
    });
  }

  function init(root) {
    on(root, "[data-chart]", drawChart);
    on(root, "dialog[data-open-on-load]", function (d) { if (!d.open) d.showModal(); });
    on(root, "input[data-disables]", syncDisabled);
    on(root, "input[data-password-rule]", checkPassword);
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open]");
    if (opener) {
      var dialog = document.getElementById(opener.dataset.open);
      if (dialog) { dialog.showModal(); event.preventDefault(); }
      return;
    }
    var closer = event.target.closest("[data-close]");
    if (closer) {
      var d = closer.closest("dialog");
      if (d) { d.close(); event.preventDefault(); }
      return;
    }
    var copier = event.target.closest("[data-copy]");
    if (copier) {
      var source = document.getElementById(copier.dataset.copy);
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.value).then(function () {
          var toast = document.getElementById("toast");
          if (toast) toast.textContent = "Copied to the clipboard.";
        });
      } else if (source) {
        source.select();
      }
      event.preventDefault();
    }
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("input[data-disables]")) syncDisabled(el);
    if (el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("input[data-password-rule]")) checkPassword(event.target);
  });

  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
  document.addEventListener("DOMContentLoaded", function () { init(document.body); });
})();
