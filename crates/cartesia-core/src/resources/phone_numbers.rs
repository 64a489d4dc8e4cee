//! `client.agents().phone_numbers()` and `client.agents().phone_numbers().providers()`.

use cartesia_types::telephony::{
    CreateProviderBody, ImportPhoneNumberBody, ProvisionPhoneNumberBody, UpdatePhoneNumberBody,
    UpdateProviderBody,
};

use crate::endpoints::phone_numbers::{
    CreateProvider, DeleteNumber, DeleteProvider, GetNumber, GetProvider, ImportNumber,
    ListNumbers, ListProviders, ProvisionNumber, UpdateNumber, UpdateProvider,
};
use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Phone numbers: list, import, provision, get, update, delete.
    AsyncPhoneNumbers, BlockingPhoneNumbers, phone_numbers on AsyncAgents, BlockingAgents {
        /// One page of phone numbers (`GET /agents/phone-numbers`); `ListNumbers::new()` for the
        /// first page, unfiltered.
        fn list(request: ListNumbers) -> ListNumbers = request;
        /// Every phone number matching `request`, page after page.
        pages fn list_all(request: ListNumbers) -> ListNumbers = request;
        /// Imports a number from a linked provider (`POST /agents/phone-numbers`).
        fn import(body: ImportPhoneNumberBody) -> ImportNumber = ImportNumber::new(body);
        /// Provisions a new Cartesia-managed US number (`POST /agents/phone-numbers/provision`).
        fn provision(body: ProvisionPhoneNumberBody) -> ProvisionNumber =
            ProvisionNumber::new(body);
        /// One phone number (`GET /agents/phone-numbers/{id}`).
        fn get(id: &str) -> GetNumber = GetNumber::new(id);
        /// Changes a number's label, agent or provider (`PATCH /agents/phone-numbers/{id}`).
        fn update(id: &str, body: UpdatePhoneNumberBody) -> UpdateNumber =
            UpdateNumber::new(id, body);
        /// Deletes a phone number (`DELETE /agents/phone-numbers/{id}`).
        fn delete(id: &str) -> DeleteNumber = DeleteNumber::new(id);
    }
}

resource! {
    /// Telephony providers (Twilio, SIP trunks): list, create, get, update, delete.
    AsyncProviders, BlockingProviders, providers on AsyncPhoneNumbers, BlockingPhoneNumbers {
        /// Every linked provider account (`GET /agents/phone-numbers/providers`);
        /// `ListProviders::new()` for all of them.
        fn list(request: ListProviders) -> ListProviders = request;
        /// Links a Twilio account or a SIP trunk (`POST /agents/phone-numbers/providers`).
        fn create(body: impl Into<CreateProviderBody>) -> CreateProvider =
            CreateProvider::new(body);
        /// One provider account (`GET /agents/phone-numbers/providers/{id}`).
        fn get(id: &str) -> GetProvider = GetProvider::new(id);
        /// Updates a provider (`PATCH /agents/phone-numbers/providers/{id}`).
        fn update(id: &str, body: impl Into<UpdateProviderBody>) -> UpdateProvider =
            UpdateProvider::new(id, body);
        /// Deletes a provider (`DELETE /agents/phone-numbers/providers/{id}`).
        fn delete(id: &str) -> DeleteProvider = DeleteProvider::new(id);
    }
}
