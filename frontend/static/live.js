// Live pages: one websocket per open instrument page (see live/endpoints.py for the
// protocol). An event that concerns this page reloads its marked regions from the server,
// in the reader's language, keeping whatever the reader is typing. A dropped connection
// comes back by itself and is replayed what it missed.
(() => {
  const box = document.getElementById("live");
  if (!box || !("WebSocket" in window)) return;
  const data = box.dataset;
  const articleId = data.articleId ? Number(data.articleId) : null;
  const amendmentId = data.amendmentId ? Number(data.amendmentId) : null;
  // The kinds' rules (from journal/kinds.py, no prefixes here): kinds that bring a new text
  // of an article; a meeting's events, which concern that meeting's pages only
  // (data-meeting-id; "all" on the list of meetings); the chair's moves, which following
  // pages go along with (meeting.js scrolls them there).
  const kinds = JSON.parse(data.kinds || "{}");
  const newText = new Set(kinds.new_text || []);
  const meetingKinds = new Set(kinds.meeting || []);
  const followKinds = new Set(kinds.follow || []);
  const textState = new Set(kinds.text_state || []);
  const meetingId = data.meetingId || null;
  let last = Number(data.seq || 0);
  let socket = null;
  let retries = 0;
  let timer = null;
  let signedOut = false;
  let pending = null;

  const say = (text) => { if (box.textContent !== text) box.textContent = text; };

  const address = () => {
    const url = new URL(data.url, location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("last", String(last));
    if (data.article) url.searchParams.set("article", data.article);
    return url;
  };

  // An article page: what happens to the article; an amendment page: to the amendment
  // (and new versions of its article); other pages: anything on the instrument.
  const concernsThisPage = (event) => {
    const payload = event.payload || {};
    if (meetingKinds.has(event.kind)) {
      return meetingId === "all" || (meetingId !== null && payload.meeting_id === Number(meetingId));
    }
    // A meeting's pages (hundreds of followers) reload for a new text or a change to the
    // negotiation's state, not for every comment on the instrument.
    if (meetingId !== null && meetingId !== "all") return textState.has(event.kind);
    if (amendmentId !== null) {
      return (event.object.type === "amendment" && event.object.id === amendmentId) ||
        payload.amendment_id === amendmentId ||
        (newText.has(event.kind) && payload.article_id === articleId);
    }
    const about = payload.article_id;
    return articleId === null || about === undefined || about === null || about === articleId;
  };

  // What the reader typed, opened or focused survives the region being replaced.
  const carryOver = (old, fresh) => {
    for (const field of old.querySelectorAll("textarea[id], input[id]")) {
      const twin = fresh.querySelector("#" + CSS.escape(field.id));
      if (twin && field.type !== "hidden" && field.value !== field.defaultValue) {
        twin.value = field.value;
      }
    }
    for (const details of old.querySelectorAll("details[id][open]")) {
      const twin = fresh.querySelector("#" + CSS.escape(details.id));
      if (twin) twin.open = true;
    }
  };

  const reload = async () => {
    pending = null;
    const response = await fetch(location.href, { credentials: "same-origin" });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const focused = document.activeElement && document.activeElement.id;
    // A reader who left follow mode (reading elsewhere) keeps the text they read.
    const paused = box.dataset.paused === "1";
    for (const region of document.querySelectorAll("[data-live-region]")) {
      if (paused && region.hasAttribute("data-follow-region")) continue;
      const fresh = page.getElementById(region.id);
      if (!fresh) continue;
      carryOver(region, fresh);
      region.replaceWith(document.importNode(fresh, true));
    }
    if (focused) document.getElementById(focused)?.focus();
    say(data.textUpdated);
    document.dispatchEvent(new CustomEvent("draftroom:reloaded"));
  };

  const schedule = () => { if (!pending) pending = setTimeout(reload, 150); };

  const showPresence = (readers) => {
    const line = document.getElementById("presence");
    if (!line) return;
    const names = readers.map((r) => (r.delegation ? `${r.name} (${r.delegation})` : r.name));
    line.textContent = `${line.dataset.label} ${names.join(" · ")}`;
    line.hidden = names.length === 0;
  };

  const connect = () => {
    clearTimeout(timer);
    if (signedOut || socket || !navigator.onLine) return;
    socket = new WebSocket(address());
    socket.onopen = () => { retries = 0; say(data.textLive); };
    socket.onmessage = (message) => {
      const sent = JSON.parse(message.data);
      if (sent.type === "event") {
        last = Math.max(last, sent.seq);
        if (concernsThisPage(sent)) {
          const follow = followKinds.has(sent.kind);
          document.dispatchEvent(new CustomEvent("draftroom:event", { detail: { kind: sent.kind, follow } }));
          schedule();
        }
      } else if (sent.type === "resync") {
        last = sent.seq;
        schedule();
      } else if (sent.type === "presence" && (articleId === null || sent.article_id === articleId)) {
        showPresence(sent.readers);
      }
    };
    socket.onclose = (closed) => {
      socket = null;
      if (closed.code === 4401) {
        signedOut = true;
        say(data.textSignedOut);
        return;
      }
      say(data.textOffline);
      const wait = Math.min(30000, 500 * 2 ** retries++) * (0.5 + Math.random() / 2);
      timer = setTimeout(connect, wait);
    };
  };

  // meeting.js asks for the regions again (a reader coming back to follow the chair).
  document.addEventListener("draftroom:reload", schedule);
  window.addEventListener("offline", () => { if (socket) socket.close(); say(data.textOffline); });
  window.addEventListener("online", () => { retries = 0; connect(); });
  connect();
})();
