// Makes a consent choice through the page's own banner, as a visitor would; answers which
// banner it used, or "" when the page has none the audit knows.
// `choice` is "all", "necessary" or "custom"; `categories` the ones to grant with "custom".
(choice, categories) => {
  // The built-in banner: buttons `choice=all|necessary|custom` in a form posting to the
  // consent endpoint, with a `category` check box per optional category.
  const button = document.querySelector(`form button[name="choice"][value="${choice}"]`);
  if (button && button.form) {
    if (choice === "custom") {
      for (const box of button.form.querySelectorAll('input[type="checkbox"][name="category"]')) {
        box.checked = categories.includes(box.value);
      }
    }
    button.click();
    return "banner";
  }
  // cookieconsent v3: necessary (read-only) categories are always kept.
  const cc = window.CookieConsent;
  if (cc && typeof cc.acceptCategory === "function") {
    cc.acceptCategory(choice === "all" ? "all" : categories);
    return "cookieconsent";
  }
  // Klaro: a service is granted when one of its purposes is, or when it is required.
  const klaro = window.klaro;
  if (klaro && typeof klaro.getManager === "function") {
    const manager = klaro.getManager();
    for (const service of manager.config.services || []) {
      const purposes = service.purposes || [];
      const granted = choice === "all" || service.required || purposes.some((p) => categories.includes(p));
      manager.updateConsent(service.name, !!granted);
    }
    manager.saveAndApplyConsents();
    return "klaro";
  }
  return "";
}
