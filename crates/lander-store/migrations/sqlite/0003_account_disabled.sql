-- Accounts can be disabled: their tokens stop working at once, their data stays.
alter table account add column disabled_at text;
