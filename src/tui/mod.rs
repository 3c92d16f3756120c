//! The interactive browser.
