//! Registers the offline copy: `sw.js`, the service worker the build writes
//! (tools/offline.mjs), so that after one visit the site opens without a
//! network. Registered from here rather than from a script in index.html:
//! the page's Content-Security-Policy allows exactly one inline script, the
//! loader, by its hash.

/// Asks the browser to install `sw.js` (relative to the page, so it works
/// under a sub-path). Not where service workers are unavailable: an insecure
/// origin or `file:`; the app works without, online. A refusal is not an
/// error the user can act on, so it is left unreported.
pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !window.is_secure_context() {
        return;
    }
    let container = window.navigator().service_worker();
    // The promise settles on its own; nothing waits for it.
    let _ = container.register("sw.js");
}
