//! `waymark import feedback`: survey and helpdesk exports turned into feedback CSVs.
