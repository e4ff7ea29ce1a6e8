//! Owned by the issue 15 work named after this file.
