//! Errors for optimizers built from values a user supplies (a learning rate from a config
//! file or a command line).

use std::fmt;

/// What was wrong with an optimizer's configuration.
///
/// Configurations are checked once, when the optimizer is built, so that a typo (`beta2 =
/// 9.999`, a negative learning rate) fails loudly before the first step instead of
/// silently producing NaN weights a thousand steps later.
#[derive(Clone, Debug, PartialEq)]
pub enum OptimError {
    /// A hyperparameter outside its valid range (or NaN).
    InvalidHyperparameter {
        /// The optimizer being configured, e.g. `"Adam"`.
        optimizer: &'static str,
        /// The hyperparameter, e.g. `"beta2"`.
        name: &'static str,
        /// The value given.
        value: f32,
        /// The valid range, with a typical value, e.g. `"in [0, 1) (typically 0.999)"`.
        valid: &'static str,
    },
    /// Nesterov momentum was requested with `momentum = 0`, where it means nothing.
    NesterovWithoutMomentum,
}

impl fmt::Display for OptimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptimError::InvalidHyperparameter {
                optimizer,
                name,
                value,
                valid,
            } => write!(
                f,
                "{optimizer}: {name} = {value} is out of range: it must be {valid}"
            ),
            OptimError::NesterovWithoutMomentum => write!(
                f,
                "Sgd: nesterov = true needs a momentum in (0, 1), got momentum = 0: \
                 set a momentum (typically 0.9) or turn nesterov off"
            ),
        }
    }
}

impl std::error::Error for OptimError {}

/// `Ok` if `ok`, else the error naming `name`, `value` and the valid range.
pub(crate) fn check(
    optimizer: &'static str,
    name: &'static str,
    value: f32,
    ok: bool,
    valid: &'static str,
) -> Result<(), OptimError> {
    if ok {
        Ok(())
    } else {
        Err(OptimError::InvalidHyperparameter {
            optimizer,
            name,
            value,
            valid,
        })
    }
}

/// A learning rate or weight decay: finite and not negative (false for NaN).
pub(crate) fn non_negative(x: f32) -> bool {
    x.is_finite() && x >= 0.0
}

/// A decay rate of a running average (momentum, beta1, beta2): in `[0, 1)`, false for NaN.
/// At 1 the average never forgets and never learns; above 1 it explodes.
pub(crate) fn unit_interval(x: f32) -> bool {
    (0.0..1.0).contains(&x)
}
