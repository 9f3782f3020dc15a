// Amendments: a live diff preview while editing, and countdowns to tabling deadlines.
// No inline script anywhere (strict Content-Security-Policy); the server does the diffing.
(() => {
  const lang = document.documentElement.lang || "en";

  // "4 days, 2 hours and 51 minutes left": the server writes it first (gettext, plural
  // forms); here the units come from the browser's Intl in the page's language and the
  // sentence around them from the server's translation (data-left, data-soon, data-passed).
  const unit = (value, name) =>
    new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
  const list = (parts) =>
    typeof Intl.ListFormat === "function"
      ? new Intl.ListFormat(lang, { style: "long", type: "conjunction" }).format(parts)
      : parts.join(", ");
  for (const element of document.querySelectorAll("time[data-countdown]")) {
    const deadline = new Date(element.getAttribute("datetime"));
    const tick = () => {
      const seconds = Math.floor((deadline - Date.now()) / 1000);
      if (seconds <= 0) { element.textContent = element.dataset.passed || ""; return; }
      if (seconds < 60) { element.textContent = element.dataset.soon || ""; return; }
      const days = Math.floor(seconds / 86400);
      const hours = Math.floor((seconds % 86400) / 3600);
      const minutes = Math.floor((seconds % 3600) / 60);
      const parts = [];
      if (days) parts.push(unit(days, "day"));
      if (hours) parts.push(unit(hours, "hour"));
      if (minutes) parts.push(unit(minutes, "minute"));
      element.textContent = (element.dataset.left || "%(time)s").replace("%(time)s", list(parts));
    };
    tick();
    setInterval(tick, 30000);
  }

  const form = document.querySelector("form.amendment-editor");
  const preview = document.getElementById("preview");
  if (!form || !preview) return;
  let timer = null;
  const refresh = async () => {
    const data = new FormData(form);
    const ids = data.getAll("provision_id"), numbers = data.getAll("number");
    const texts = data.getAll("text"), positions = data.getAll("position");
    const removed = new Set(data.getAll("remove"));
    const rows = ids.map((id, i) => ({ id, number: numbers[i], text: texts[i], position: parseFloat(positions[i]) || i + 1, i }))
      .filter((row) => !(row.id && removed.has(row.id)) && (row.id || row.text.trim()))
      .sort((a, b) => a.position - b.position || a.i - b.i);
    const body = {
      base_version: parseInt(form.dataset.baseVersion, 10) || null,
      parent: parseInt(form.dataset.parent, 10) || null,
      provisions: rows.map((row) => ({ id: row.id || null, number: row.number, text: row.text || " " })),
    };
    const response = await fetch(form.dataset.preview, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": data.get("csrf_token") },
      body: JSON.stringify(body),
    });
    if (!response.ok) return;
    const table = document.createElement("table");
    table.className = "diff";
    const tbody = table.createTBody();
    for (const row of await response.json()) {
      const tr = tbody.insertRow();
      tr.className = "change-" + row.kind;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = row.number || "";
      tr.appendChild(th);
      tr.insertCell().innerHTML = row.html;  // escaped by the server: only <ins>, <del>, <span>
    }
    preview.replaceChildren(table);
  };
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 300); });
})();
