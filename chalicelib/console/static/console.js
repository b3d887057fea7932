/* Partner Console: the few behaviours HTML alone lacks. No inline scripts (CSP script-src 'self'). */
(function () {
  "use strict";

  // the page's sentences in its language (base.html's #console-text), English as written here
  function text(key, english) {
    var box = document.getElementById("console-text");
    return (box && box.dataset[key]) || english;
  }

  function on(root, selector, fn) {
    if (root.matches && root.matches(selector)) fn(root);
    root.querySelectorAll(selector).forEach(fn);
  }

  function syncDisabled(box) {
    var target = document.getElementById(box.dataset.disables);
    if (target) target.disabled = box.checked;
  }

  // a block shown only while a radio choice holds ("access=password"); hidden, its fields are
  // disabled so they are neither required nor sent
  function syncShown(form) {
    if (!form) return;
    form.querySelectorAll("[data-shown-when]").forEach(function (block) {
      var parts = block.dataset.shownWhen.split("=");
      var chosen = form.querySelector('input[type=radio][name="' + parts[0] + '"]:checked');
      var shown = !!chosen && chosen.value === parts[1];
      block.hidden = !shown;
      block.querySelectorAll("input, select, textarea").forEach(function (el) { el.disabled = !shown; });
    });
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
      var hourly = data.x.length > 0 && data.x[0].length > 10;
      // unambiguous UTC labels: ISO dates, 24-hour times (never "11/5" or "12am")
      var label = function (ts) {
        var iso = new Date(ts * 1000).toISOString();
        return hourly ? iso.slice(0, 10) + " " + iso.slice(11, 16) : iso.slice(0, 10);
      };
      var opts = {
        width: Math.max(280, el.clientWidth),
        height: 260,
        scales: {
          x: { time: true },
          y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } }
        },
        tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
        series: [
          { label: hourly ? text("hour", "Hour (UTC)") : text("day", "Day"), value: function (u, ts) { return ts == null ? "" : label(ts); } },
          { label: text("stored", "Stored (TB)"), stroke: "#0172ad", fill: "rgba(1, 114, 173, 0.12)", width: 2 }
        ],
        axes: [
          {
            values: function (u, splits) {
              return splits.map(function (ts) {
                var iso = new Date(ts * 1000).toISOString();
                return hourly && iso.slice(11, 16) !== "00:00" ? iso.slice(11, 16) : iso.slice(0, 10);
              });
            }
          },
          { label: "TB" }
        ]
      };
      new window.uPlot(opts, [xs, ys], el);
    });
  }

  // --- what was typed survives a session that ended mid-form ---------------------------------
  // Every form sent keeps a copy of its fields (never passwords or the CSRF token) for a few
  // seconds. If the answer is the login page (the session had ended), the copy is marked; once
  // logged in again, the server sends the person back to the page (``next``) and the copy is
  // put back into the same form, its dialog opened, with a sentence saying so.
  var DRAFT = "pc-draft";
  var SKIP = /\/(login(\/[a-z]+)?|logout)$/;

  function readDraft() {
    try { return JSON.parse(sessionStorage.getItem(DRAFT) || "null"); } catch (e) { return null; }
  }

  function saveDraft(form) {
    var action = form.getAttribute("action") || "";
    if ((form.method || "").toLowerCase() !== "post" || SKIP.test(action)) return;
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf" || el.type === "password" || el.type === "file") return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      fields.push([el.name, el.value]);
    });
    var dialog = form.closest("dialog");
    try {
      sessionStorage.setItem(DRAFT, JSON.stringify({
        action: action, fields: fields, dialog: dialog ? dialog.id : "", at: Date.now(), restore: false
      }));
    } catch (e) { /* storage full or refused: nothing to keep */ }
  }

  function restoreDraft(root) {
    var draft = readDraft();
    if (!draft) return;
    if (root.querySelector && root.querySelector("form[data-login]")) {
      if (!draft.restore && Date.now() - draft.at < 30000) {
        draft.restore = true;
        sessionStorage.setItem(DRAFT, JSON.stringify(draft));
      }
      return;
    }
    sessionStorage.removeItem(DRAFT);
    if (!draft.restore) return;
    var form = document.querySelector(
      'form[method=post][action="' + draft.action.replace(/"/g, "") + '"]'
    );
    if (!form) return;
    var boxes = form.querySelectorAll("input[type=checkbox]");
    Array.prototype.forEach.call(boxes, function (box) { box.checked = false; });
    draft.fields.forEach(function (pair) {
      var el = form.elements.namedItem(pair[0]);
      if (!el || el.type === "hidden") return;
      if (el.type === "checkbox") el.checked = true; else el.value = pair[1];
    });
    on(form, "input[data-disables]", syncDisabled);
    syncShown(form);
    var note = document.createElement("p");
    note.className = "form-error";
    note.setAttribute("role", "alert");
    note.textContent = text("draftBack", "Your session had ended, so this was not saved. What " +
      "you typed is back (passwords excepted): check it and send it again.");
    form.parentNode.insertBefore(note, form);
    var dialog = form.closest("dialog");
    if (dialog && !dialog.open) dialog.showModal();
    focusFirst(form);
  }

  document.addEventListener("submit", function (event) {
    if (event.target.tagName === "FORM") saveDraft(event.target);
  }, true);

  // --- idle timeout warning ------------------------------------------------------------------
  var idleTimer = null;
  var endTimer = null;
  var WARN_BEFORE = 120;

  function warning() { return document.getElementById("idle-warning"); }

  function armIdle() {
    clearTimeout(idleTimer);
    clearTimeout(endTimer);
    var page = document.getElementById("page");
    var box = warning();
    if (box) box.hidden = true;
    var seconds = page ? parseInt(page.dataset.idleSeconds || "0", 10) : 0;
    if (!seconds || !box) return;
    idleTimer = setTimeout(function () {
      box.querySelector("[data-idle-text]").textContent =
        text("idleSoon", "Your session ends in 2 minutes without activity. Anything you are " +
          "typing is kept if it does.");
      box.querySelector("[data-keepalive]").hidden = false;
      box.hidden = false;
    }, Math.max(0, seconds - WARN_BEFORE) * 1000);
    endTimer = setTimeout(function () {
      box.querySelector("[data-idle-text]").textContent =
        text("idleEnded", "Your session has ended. Send or reload to log in again: you come " +
          "back here, with what you typed.");
      box.querySelector("[data-keepalive]").hidden = true;
      box.hidden = false;
    }, seconds * 1000);
  }

  function keepAlive(button) {
    fetch(button.dataset.keepalive, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (reply) {
        if (reply.ok) armIdle();
        else warning().querySelector("[data-idle-text]").textContent =
          text("idleGone", "Your session has already ended; log in again.");
      });
  }

  // --- dialogs: focus the first field, forget what a cancel left behind ----------------------
  function focusFirst(container) {
    var field = container.querySelector("[aria-invalid=true]") || container.querySelector(
      "input:not([type=hidden]):not([disabled]), select, textarea"
    );
    if (field) field.focus();
  }

  // a toast fades after a while (its text stays for assistive technology) and never takes clicks
  var toastTimer = null;

  function fadeToast() {
    var toast = document.getElementById("toast");
    if (!toast) return;
    toast.classList.remove("faded");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.classList.add("faded"); }, 8000);
  }

  function init(root) {
    if (root.closest && root.closest("#toast, #page, body")) fadeToast();
    if (root.id === "page" || root === document.body) {  // a page, not a fragment or a toast
      restoreDraft(root);
      armIdle();
    }
    on(root, "[data-chart]", drawChart);
    on(root, "dialog[data-open-on-load]", function (d) {
      if (!d.open) d.showModal();
      focusFirst(d);
    });
    on(root, "input[data-disables]", syncDisabled);
    on(root, "input[data-password-rule]", checkPassword);
    on(root, "[data-shown-when]", function (block) { syncShown(block.closest("form")); });
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open]");
    if (opener) {
      var dialog = document.getElementById(opener.dataset.open);
      if (dialog) {
        // what a cancelled opening left behind is forgotten: back to what the page was sent with
        dialog.querySelectorAll("form").forEach(function (form) {
          form.reset();
          syncShown(form);
          on(form, "input[data-disables]", syncDisabled);
          on(form, "input[data-password-rule]", checkPassword);
        });
        dialog.showModal();
        focusFirst(dialog);
        event.preventDefault();
      }
      return;
    }
    var closer = event.target.closest("[data-close]");
    if (closer) {
      var d = closer.closest("dialog");
      if (d) { d.close(); event.preventDefault(); }
      return;
    }
    var toggle = event.target.closest("[data-nav-toggle]");
    if (toggle) {
      var links = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (links) links.toggleAttribute("data-open", open);
      return;
    }
    var keeper = event.target.closest("[data-keepalive]");
    if (keeper) { keepAlive(keeper); event.preventDefault(); return; }
    var copier = event.target.closest("[data-copy]");
    if (copier) {
      var source = document.getElementById(copier.dataset.copy);
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.value).then(function () {
          var toast = document.getElementById("toast");
          if (toast) toast.textContent = text("copied", "Copied to the clipboard.");
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
    if (el.matches("input[type=radio]") && el.form) syncShown(el.form);
    if (el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("input[data-password-rule]")) checkPassword(event.target);
  });

  // after a page is swapped in, focus its heading (unless a dialog or field already has it)
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "page") return;
    // the page's language (after logging in it may be the person's own): <html lang> follows
    if (event.detail.elt.lang) document.documentElement.lang = event.detail.elt.lang;
    var open = document.querySelector("dialog[open]");
    if (open) { focusFirst(open); return; }
    if (document.activeElement && document.activeElement !== document.body) return;
    var heading = document.querySelector("#main h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  });

  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
  document.addEventListener("DOMContentLoaded", function () { init(document.body); });
})();
