"""Setting the app up from inside it: the first-run checklist, importing contracts, the provider
(URL, key string, connection test) and the schedule as the Preferences edit them."""
