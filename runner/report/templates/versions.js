// The versions page is static: its cells link to each version's matrix and each target's dashboard.
