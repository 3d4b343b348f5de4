//! Placeholder until the bundled list lands: length and the person's own details.

use crate::web::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    TooShort,
    TooLong,
    Common,
    ContainsPersonalInfo,
    Repetitive,
}

impl Refusal {
    pub fn message(self, l: Lang) -> &'static str {
        match self {
            Refusal::TooShort => l.t(
                "Use at least 12 characters; a passphrase of several words works well.",
                "Use al menos 12 caracteres; una frase de varias palabras funciona bien.",
            ),
            Refusal::TooLong => l.t(
                "That password is too long (1024 characters at most).",
                "La contraseña es demasiado larga (1024 caracteres como máximo).",
            ),
            Refusal::Common => l.t(
                "That password is on the list of common or leaked passwords. Choose another one.",
                "Esa contraseña está en la lista de contraseñas comunes o filtradas. Elija otra.",
            ),
            Refusal::ContainsPersonalInfo => l.t(
                "Do not build the password from your name or e-mail address.",
                "No forme la contraseña con su nombre o su correo electrónico.",
            ),
            Refusal::Repetitive => l.t(
                "That password is a repetition or a simple sequence. Choose another one.",
                "Esa contraseña es una repetición o una secuencia simple. Elija otra.",
            ),
        }
    }
}

pub fn check(password: &str, _personal: &[&str]) -> Result<(), Refusal> {
    if password.chars().count() < 12 {
        return Err(Refusal::TooShort);
    }
    if password.len() > 1024 {
        return Err(Refusal::TooLong);
    }
    Ok(())
}
