//! The builder setters the optimizer configurations share: each sets one field and
//! returns the configuration, so `AdamConfig::default().lr(3e-4).eps(1e-6)` reads as a
//! recipe.

/// Writes one `#[must_use]` setter per listed field, with the doc comment given:
///
/// ```text
/// config_setters!(AdamConfig {
///     /// Sets the learning rate.
///     lr: f32,
/// });
/// ```
macro_rules! config_setters {
    ($config:ident { $($(#[$doc:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        impl $config {
            $(
                $(#[$doc])*
                #[must_use]
                pub fn $field(mut self, $field: $ty) -> Self {
                    self.$field = $field;
                    self
                }
            )*
        }
    };
}

pub(crate) use config_setters;
