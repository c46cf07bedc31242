// The exercise page: live "read as" preview, Check (Enter), tries, hints, solution,
// skip, undo, the symbol palette and the matrix helper. Everything the server says is
// shown as text, except MathML and HTML the server rendered and escaped itself.
"use strict";

(function () {
  const root = document.getElementById("exercise");
  if (!root) return;
  const id = root.dataset.exerciseId;
  const kind = root.dataset.kind;
  const maxTries = parseInt(root.dataset.tries, 10) || 2;
  const form = document.getElementById("answer-form");
  const input = document.getElementById("answer");
  const checkButton = document.getElementById("check");
  const preview = document.getElementById("preview");
  const verdict = document.getElementById("verdict");
  const hints = document.getElementById("hints");
  const hintButton = document.getElementById("hint");
  const solutionBox = document.getElementById("solution");
  const nextLink = document.getElementById("next");
  const undoButton = document.getElementById("undo");
  const skipButton = document.getElementById("skip");
  const solutionButton = document.getElementById("show-solution");
  const shownAt = Date.now();

  let triesBefore = 0;
  let hintsUsed = 0;
  let finished = false;
  let previewSeq = 0;
  let readable = false; // the last preview read the current text
  let pending = null; // the preview request in flight
  let timer = null;

  function api(method, url, body) {
    const options = { method: method, headers: { "Accept": "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRF-Token"] = window.dlmath.csrfToken();
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data && data.error ? data.error : "HTTP " + response.status);
        return data;
      });
    });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // MathML and HTML rendered (and escaped) by the server.
  function trusted(tag, className, markup) {
    const node = el(tag, className);
    node.innerHTML = markup;
    return node;
  }

  function setCheckable() {
    checkButton.disabled = finished || !readable;
  }

  // ---- the preview ------------------------------------------------------------------
  function showPreview(data, text) {
    preview.replaceChildren();
    if (!text.trim()) {
      preview.append(el("span", "muted", "Your answer will be shown here as it is read."));
      return;
    }
    if (data.error) {
      preview.append(el("p", "error", "Cannot read this yet: " + data.error));
      if (data.position !== null && data.position !== undefined) {
        const pos = Math.max(0, Math.min(data.position, text.length));
        const caret = el("pre", "caret");
        caret.textContent = text + "\n" + " ".repeat(pos) + "^";
        caret.setAttribute("aria-label", "position " + (pos + 1));
        preview.append(caret);
      }
      return;
    }
    const line = el("p", "read-as");
    line.append(el("span", "label", "read as "));
    line.append(trusted("span", "math-out", data.mathml));
    preview.append(line);
    if (data.names && data.names.length) {
      const names = el("p", "names muted");
      names.textContent = data.names.map(function (n) { return n.name + ": " + n.shape; }).join(" · ");
      preview.append(names);
    }
  }

  function requestPreview() {
    const text = input.value;
    const seq = ++previewSeq;
    readable = false;
    setCheckable();
    if (!text.trim()) {
      showPreview({}, text);
      pending = null;
      return Promise.resolve();
    }
    pending = api("POST", "/api/preview", { id: id, answer: text }).then(function (data) {
      if (seq !== previewSeq) return;
      showPreview(data, text);
      readable = !data.error && input.value === text;
      setCheckable();
    }).catch(function (err) {
      if (seq !== previewSeq) return;
      preview.replaceChildren(el("p", "error", String(err.message || err)));
    });
    return pending;
  }

  input.addEventListener("input", function () {
    readable = false;
    setCheckable();
    clearTimeout(timer);
    timer = setTimeout(requestPreview, 180);
  });

  // ---- checking -----------------------------------------------------------------------
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (finished) return;
    clearTimeout(timer);
    const ready = readable ? Promise.resolve() : requestPreview();
    ready.then(function () {
      if (!readable || finished) return;
      check(input.value);
    });
  });

  function check(text) {
    checkButton.disabled = true;
    api("POST", "/api/check", {
      id: id, answer: text, tries_before: triesBefore, hints_used: hintsUsed,
      duration_ms: Date.now() - shownAt,
    }).then(function (data) {
      if (data.diagnosis !== "parse-error") triesBefore = data.try;
      showVerdict(data);
      if (data.finished) finish(data.recorded);
      else { input.focus(); input.select(); setCheckable(); }
    }).catch(function (err) {
      verdict.replaceChildren(el("p", "error", String(err.message || err)));
      setCheckable();
    });
  }

  function showVerdict(data) {
    verdict.replaceChildren();
    const box = el("div", "result " + (data.correct ? "right" : "wrong"));
    box.append(el("p", "sentence", (data.correct ? "✓ Right. " : "✗ ") + data.feedback));
    if (data.diagnosis && data.diagnosis !== "parse-error") {
      box.append(el("p", "diagnosis muted", "diagnosis: " + data.diagnosis));
    }
    const pair = el("div", "pair");
    if (data.answer_mathml) {
      const yours = el("div", "side");
      yours.append(el("p", "label", "your answer"), trusted("div", "math-out", data.answer_mathml));
      pair.append(yours);
    }
    if (data.expected_mathml) {
      const right = el("div", "side");
      right.append(el("p", "label", "right answer"), trusted("div", "math-out", data.expected_mathml));
      pair.append(right);
    }
    if (pair.childElementCount) box.append(pair);
    if (!data.correct && !data.finished && data.diagnosis !== "parse-error") {
      box.append(el("p", "again", "Try again: " + (maxTries - data.try) + " more try left."));
    }
    if (data.mastery && data.recorded) {
      const m = data.mastery;
      box.append(el("p", "mastery muted",
        "mastery of " + m.skill + ": " + Math.round(100 * m.before) + "% → " +
        Math.round(100 * m.after) + "% (" + m.level_after + ")"));
    }
    verdict.append(box);
    if (data.solution_html) showSolution(data.solution_html);
  }

  function showSolution(html) {
    solutionBox.replaceChildren(el("h2", "", "Worked solution"), trusted("div", "", html));
    solutionBox.hidden = false;
    window.dlmath.renderMath(solutionBox);
  }

  function finish(recorded) {
    finished = true;
    input.readOnly = true;
    setCheckable();
    solutionButton.disabled = true;
    skipButton.disabled = true;
    hintButton.disabled = true;
    nextLink.hidden = false;
    undoButton.hidden = !recorded;
    nextLink.focus();
  }

  // ---- hints, solution, skip, undo ----------------------------------------------------
  hintButton.addEventListener("click", function () {
    api("GET", "/api/exercise/" + encodeURIComponent(id) + "/hint/" + (hintsUsed + 1)).then(function (data) {
      hintsUsed = data.number;
      const item = trusted("li", "hint", data.html);
      hints.append(item);
      window.dlmath.renderMath(item);
      if (!data.more) hintButton.disabled = true;
    }).catch(function (err) { hints.append(el("li", "error", String(err.message || err))); });
  });

  solutionButton.addEventListener("click", function () {
    api("POST", "/api/solution", { id: id, hints_used: hintsUsed }).then(function (data) {
      verdict.replaceChildren();
      const box = el("div", "result shown");
      box.append(el("p", "sentence", "The solution is shown; this exercise counts as not answered."));
      const right = el("div", "side");
      right.append(el("p", "label", "right answer"), trusted("div", "math-out", data.expected_mathml));
      box.append(right);
      verdict.append(box);
      showSolution(data.solution_html);
      finish(data.recorded);
    }).catch(function (err) { verdict.replaceChildren(el("p", "error", String(err.message || err))); });
  });

  skipButton.addEventListener("click", function () {
    api("POST", "/api/skip", { id: id, hints_used: hintsUsed }).then(function () {
      window.location.assign(root.dataset.next);
    }).catch(function (err) { verdict.replaceChildren(el("p", "error", String(err.message || err))); });
  });

  undoButton.addEventListener("click", function () {
    api("POST", "/api/undo", { id: id }).then(function (data) {
      if (!data.undone) { verdict.append(el("p", "error", data.reason)); return; }
      finished = false;
      triesBefore = 0;
      input.readOnly = false;
      solutionButton.disabled = false;
      skipButton.disabled = false;
      hintButton.disabled = hintsUsed >= parseInt(root.dataset.hints, 10);
      nextLink.hidden = true;
      undoButton.hidden = true;
      solutionBox.hidden = true;
      verdict.replaceChildren(el("p", "muted", "Your answer was taken back."));
      input.focus();
      requestPreview();
    }).catch(function (err) { verdict.replaceChildren(el("p", "error", String(err.message || err))); });
  });

  // ---- palette, choices and the matrix helper -------------------------------------------
  function insert(text) {
    if (input.readOnly) return;
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? input.value.length;
    input.setRangeText(text, start, end, "end");
    input.focus();
    input.dispatchEvent(new Event("input"));
  }

  root.querySelectorAll("button.sym").forEach(function (button) {
    button.addEventListener("click", function () { insert(button.dataset.insert); });
  });
  root.querySelectorAll("button.choice").forEach(function (button) {
    button.addEventListener("click", function () {
      if (input.readOnly) return;
      input.value = button.dataset.choice;
      input.focus();
      input.dispatchEvent(new Event("input"));
    });
  });

  const grid = document.getElementById("grid");
  const toggle = document.getElementById("grid-toggle");
  const rowsInput = document.getElementById("grid-rows");
  const colsInput = document.getElementById("grid-cols");
  const cells = document.getElementById("grid-cells");

  function size(node) { return Math.max(1, Math.min(8, parseInt(node.value, 10) || 1)); }

  function buildGrid() {
    const rows = size(rowsInput), cols = size(colsInput);
    cells.replaceChildren();
    cells.dataset.cols = String(cols);
    for (let i = 0; i < rows; i++) {
      const line = el("div", "grid-row");
      for (let j = 0; j < cols; j++) {
        const cell = el("input", "cell");
        cell.type = "text";
        cell.setAttribute("aria-label", "row " + (i + 1) + ", column " + (j + 1));
        cell.dataset.row = String(i);
        line.append(cell);
      }
      cells.append(line);
    }
  }

  toggle.addEventListener("click", function () {
    grid.hidden = !grid.hidden;
    toggle.setAttribute("aria-expanded", String(!grid.hidden));
    if (!grid.hidden) { buildGrid(); cells.querySelector("input").focus(); }
  });
  cells.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { // Enter in the grid inserts the matrix, it does not Check
      event.preventDefault();
      document.getElementById("grid-insert").click();
    }
  });
  rowsInput.addEventListener("change", buildGrid);
  colsInput.addEventListener("change", buildGrid);
  document.getElementById("grid-insert").addEventListener("click", function () {
    const rows = Array.from(cells.querySelectorAll(".grid-row")).map(function (line) {
      return Array.from(line.querySelectorAll("input")).map(function (c) {
        return c.value.trim() || "?";
      }).join(" ");
    });
    insert("[" + rows.join("; ") + "]");
    grid.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
  });

  input.focus();
})();
