"""Provider access: the protocol the engine uses (`base`) and the HTTP client for the
operator's API (`negocia`). Import from the submodules: importing this package stays cheap
(the HTTP client pulls in requests and cryptography only when it is used)."""
