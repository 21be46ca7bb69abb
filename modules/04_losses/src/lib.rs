//! placeholder: being written (see AUTHOR_NOTES.md)
