//! The vocabulary of the browser: everything a key, a mouse event or the loader can ask for
//! is one [`Action`]. Keys reach actions only through the keymap, so the help screen and the
//! hints can be generated from the same table.

use std::path::PathBuf;

/// The tabs of the full-screen reader, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tab {
    /// The agent's prompt, rendered Markdown.
    #[default]
    Persona,
    /// The usage examples from the description, as conversations.
    Examples,
    /// Every frontmatter field, diagnostics and shadowing.
    Details,
    /// The raw file, sanitised.
    Source,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Persona, Tab::Examples, Tab::Details, Tab::Source];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Persona => "Persona",
            Tab::Examples => "Examples",
            Tab::Details => "Details",
            Tab::Source => "Source",
        }
    }

    fn position(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The next tab, wrapping around.
    pub fn next(self) -> Tab {
        Tab::ALL[(self.position() + 1) % Tab::ALL.len()]
    }

    /// The previous tab, wrapping around.
    pub fn prev(self) -> Tab {
        Tab::ALL[(self.position() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}

/// What to copy to the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyWhat {
    /// The body: the system prompt.
    Prompt,
    /// The whole file as it is on disk.
    File,
    /// The `description` field.
    Description,
    /// The `name` field.
    Name,
    /// The comparison, as a unified diff.
    Diff,
}

impl CopyWhat {
    pub fn label(self) -> &'static str {
        match self {
            CopyWhat::Prompt => "prompt",
            CopyWhat::File => "file",
            CopyWhat::Description => "description",
            CopyWhat::Name => "name",
            CopyWhat::Diff => "diff",
        }
    }
}

/// One thing the user (or the runtime) wants done. `App::update` is the only place that acts
/// on these.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave the program with exit code 0.
    Quit,
    /// Esc in the list: clear the query, or quit when it is already empty.
    Cancel,
    /// Go back from the reader, the diff or the help screen.
    Back,
    /// Add a character to the query.
    Insert(char),
    /// Delete the character before the cursor in the query.
    Backspace,
    /// Empty the query.
    ClearQuery,
    /// Delete the last word of the query.
    DeleteWord,
    /// Move the selection (or scroll the reader) one line up.
    Up,
    /// Move the selection (or scroll the reader) one line down.
    Down,
    /// One page up.
    PageUp,
    /// One page down.
    PageDown,
    /// To the first entry (or the top of the text).
    Home,
    /// To the last entry (or the end of the text).
    End,
    /// Scroll the preview pane up.
    PreviewUp,
    /// Scroll the preview pane down.
    PreviewDown,
    /// Open the selected agent in the full-screen reader.
    Open,
    /// Toggle the comparison mark on the selection and move down.
    ToggleMark,
    /// Compare the two marked agents, or the marked one with the selection.
    Compare,
    /// Compare: scroll to the next change.
    NextChange,
    /// Compare: scroll to the previous change.
    PrevChange,
    /// Compare: switch between side by side and unified.
    ToggleUnified,
    /// Compare: swap the left and right sides.
    SwapSides,
    /// Compare: wrap long lines instead of clipping them.
    ToggleWrap,
    /// Compare: show the folded unchanged lines nearest the top of the view.
    ExpandFold,
    /// Compare: show every folded unchanged line.
    ExpandAll,
    /// Reader: compare with the most similar agent (or the next file of the same name).
    CompareSimilar,
    /// Copy part of the selected agent to the clipboard.
    Copy(CopyWhat),
    /// Open the selected agent's file in `$EDITOR`.
    Edit,
    /// Suspend the browser and go back to the shell (Ctrl-Z); `fg` brings it back.
    Suspend,
    /// Show or hide the key help.
    Help,
    /// Show a reader tab.
    ShowTab(Tab),
    /// The next reader tab.
    NextTab,
    /// The previous reader tab.
    PrevTab,
    /// Mouse wheel at a screen position; `down` is away from the user.
    Wheel { column: u16, row: u16, down: bool },
    /// Mouse click at a screen position; `double` for a second click on the same row.
    Click { column: u16, row: u16 },
    /// The terminal changed size.
    Resize { width: u16, height: u16 },
    /// Show a transient message in the status line.
    Notify { text: String, error: bool },
    /// A file's text arrived for the Source tab (or could not be read).
    SourceRead { path: PathBuf, text: Result<String, String> },
    /// A file was edited outside; here is its new content (or why it could not be read).
    FileChanged { path: PathBuf, bytes: Result<Vec<u8>, String> },
}
