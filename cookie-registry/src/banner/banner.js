// cookie-registry: the banner's optional script. Without it every form still posts and the
// next page is rendered with the new consent; with it the choice applies without a reload.
(() => {
  "use strict";

  // Google Consent Mode v2, the same mapping as Consent::google_consent_mode.
  function consentMode(granted) {
    const signal = (category) => (granted.includes(category) ? "granted" : "denied");
    return {
      ad_storage: signal("marketing"),
      ad_user_data: signal("marketing"),
      ad_personalization: signal("marketing"),
      analytics_storage: signal("statistics"),
      functionality_storage: signal("preferences"),
      personalization_storage: signal("preferences"),
      security_storage: "granted",
    };
  }

  // Turns the inert <script type="text/plain" data-cookie-category data-src> of granted
  // categories live.
  function activate(granted) {
    const inert = document.querySelectorAll('script[type="text/plain"][data-cookie-category]');
    for (const script of inert) {
      if (!granted.includes(script.getAttribute("data-cookie-category"))) continue;
      const live = document.createElement("script");
      for (const { name, value } of script.attributes) {
        if (name === "data-src") live.setAttribute("src", value);
        else if (name !== "type" && name !== "nonce") live.setAttribute(name, value);
      }
      if (script.nonce) live.nonce = script.nonce;
      live.text = script.text;
      script.replaceWith(live);
    }
  }

  // Storage withdrawal, the same function the server's first-paint script runs: removes
  // [area, key, family] entries; a family removes every longer key with its prefix.
  function removeStorage(entries) {
    for (const [area, key, family] of entries) {
      let storage;
      try { storage = window[area]; } catch (error) { continue; }
      if (!storage) continue;
      if (!family) { storage.removeItem(key); continue; }
      for (let i = storage.length - 1; i >= 0; i--) {
        const name = storage.key(i);
        if (name !== null && name.length > key.length && name.startsWith(key)) storage.removeItem(name);
      }
    }
  }

  // Removes the declared storage entries (data-cr-storage: [category, area, key, family]) of
  // every category the new consent refuses.
  function withdrawStorage(form, granted) {
    let declared;
    try {
      declared = JSON.parse(form.getAttribute("data-cr-storage") || "[]");
    } catch (error) {
      return;
    }
    if (!Array.isArray(declared)) return;
    removeStorage(declared
      .filter((entry) => Array.isArray(entry) && !granted.includes(entry[0]))
      .map(([, area, key, family]) => [area, key, family]));
  }

  async function submit(form, submitter) {
    const response = await fetch(form.action, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: new URLSearchParams(new FormData(form, submitter)),
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`the consent endpoint answered ${response.status}`);
    return response.json();
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-cr-consent")) return;
    event.preventDefault();
    const submitter = event.submitter;
    const before = (form.getAttribute("data-cr-granted") || "").split(" ").filter(Boolean);
    let state;
    try {
      state = await submit(form, submitter);
    } catch (error) {
      // Fall back to the plain post, which works without this script.
      form.removeAttribute("data-cr-consent");
      form.requestSubmit(submitter);
      return;
    }
    const granted = Array.isArray(state.granted) ? state.granted : [];
    withdrawStorage(form, granted);
    if (before.some((category) => !granted.includes(category))) {
      // A withdrawal: scripts already running cannot be stopped, so start the page afresh.
      location.reload();
      return;
    }
    for (const other of document.querySelectorAll("form[data-cr-consent]")) {
      other.setAttribute("data-cr-granted", granted.filter((c) => c !== "necessary").join(" "));
      for (const box of other.querySelectorAll('input[name="category"]')) {
        box.checked = granted.includes(box.value);
      }
    }
    if (typeof window.gtag === "function") window.gtag("consent", "update", consentMode(granted));
    activate(granted);
    const status = form.querySelector("[data-cr-status]");
    if (status) status.textContent = form.getAttribute("data-cr-saved") || "";
    for (const banner of document.querySelectorAll("[data-cr-banner]")) banner.remove();
    document.dispatchEvent(new CustomEvent("cookie-registry:consent", { detail: state }));
  });
})();
