//! Organizational structure and the customization register.
