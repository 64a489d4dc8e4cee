//! `client.agents().phone_numbers()` and `client.agents().phone_numbers().providers()`.

use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Phone numbers: list, import, provision, get, update, delete.
    AsyncPhoneNumbers, BlockingPhoneNumbers, phone_numbers on AsyncAgents, BlockingAgents {
    }
}

resource! {
    /// Telephony providers (Twilio, SIP trunks): list, create, get, update, delete.
    AsyncProviders, BlockingProviders, providers on AsyncPhoneNumbers, BlockingPhoneNumbers {
    }
}
