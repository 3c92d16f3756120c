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
    /// A skill's other files (scripts, references), each openable.
    Files,
}

impl Tab {
    /// The tabs every file has.
    pub const ALL: [Tab; 4] = [Tab::Persona, Tab::Examples, Tab::Details, Tab::Source];
    /// A skill's tabs: its folder's files too.
    pub const SKILL: [Tab; 5] = [Tab::Persona, Tab::Examples, Tab::Details, Tab::Source, Tab::Files];

    /// The tabs the reader shows for a file of `kind`, in order.
    pub fn for_kind(kind: crate::catalog::Kind) -> &'static [Tab] {
        if kind == crate::catalog::Kind::Skill { &Tab::SKILL } else { &Tab::ALL }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Persona => "Persona",
            Tab::Examples => "Examples",
            Tab::Details => "Details",
            Tab::Source => "Source",
            Tab::Files => "Files",
        }
    }

    /// The next of `tabs` after this one, wrapping around.
    pub fn next_in(self, tabs: &[Tab]) -> Tab {
        let at = tabs.iter().position(|t| *t == self).unwrap_or(0);
        tabs[(at + 1) % tabs.len()]
    }

    /// The previous of `tabs`, wrapping around.
    pub fn prev_in(self, tabs: &[Tab]) -> Tab {
        let at = tabs.iter().position(|t| *t == self).unwrap_or(0);
        tabs[(at + tabs.len() - 1) % tabs.len()]
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
    /// The usage example at the top of the Examples tab, as an `<example>` block.
    Example,
}

impl CopyWhat {
    pub fn label(self) -> &'static str {
        match self {
            CopyWhat::Prompt => "prompt",
            CopyWhat::File => "file",
            CopyWhat::Description => "description",
            CopyWhat::Name => "name",
            CopyWhat::Diff => "diff",
            CopyWhat::Example => "example",
        }
    }
}

/// A change to agent files or settings, asked for from the actions menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manage {
    /// Open the menu of these actions for the selected (or marked) agents.
    Menu,
    /// Copy the agents into the project's `.claude/agents/`.
    InstallProject,
    /// Copy the agents into `~/.claude/agents/`.
    InstallUser,
    /// The install clashed: replace what holds the name (journaled).
    InstallReplace,
    /// Rewrite the files so that Claude Code loads them first try.
    Fix,
    /// Disable the agents in settings, or enable them again when they are disabled.
    ToggleDisabled,
    /// Remove the agents' files (journaled).
    Remove,
    /// Compare screen: keep the left agent, disable the right one.
    KeepLeft,
    /// Compare screen: keep the right agent, disable the left one.
    KeepRight,
    /// Bring agents installed from a collection to upstream's version.
    Upgrade,
    /// Skills and commands: list them by name only (`skillOverrides` `name-only`).
    NameOnly,
    /// Skills and commands: keep them from the model (`disable-model-invocation: true`).
    HideFromModel,
    /// After an upgrade refused over local changes: compare the installed agent with
    /// upstream's, to merge by hand.
    CompareUpstream,
}

impl Manage {
    /// How the action is named in confirmations and the menu.
    pub fn label(self) -> &'static str {
        match self {
            Manage::Menu => "actions",
            Manage::InstallProject => "install into the project (.claude/agents/)",
            Manage::InstallUser => "install for you (~/.claude/agents/)",
            Manage::InstallReplace => "install, replacing the agent of that name",
            Manage::Fix => "fix so that Claude Code loads it first try",
            Manage::ToggleDisabled => "disable (or enable) in Claude Code's settings",
            Manage::Remove => "remove the file",
            Manage::KeepLeft => "keep the left one, disable the right one",
            Manage::KeepRight => "keep the right one, disable the left one",
            Manage::Upgrade => "upgrade to upstream's version (installed from a collection)",
            Manage::NameOnly => "skill or command: list it by name only (skillOverrides name-only)",
            Manage::HideFromModel => "skill or command: keep it from the model (disable-model-invocation)",
            Manage::CompareUpstream => "compare with upstream's version, to merge by hand",
        }
    }
}

/// The agent form's own actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    /// Focus the next field.
    Next,
    /// Focus the previous field.
    Prev,
    /// Edit or pick the focused field.
    Activate,
    /// Leave the focused field out (delete the focused example).
    Unset,
    /// Move the focused example up.
    MoveUp,
    /// Move the focused example down.
    MoveDown,
    /// Show or hide the file as it would be written (and its diff against the disk).
    Preview,
    /// Save: the plan, then a confirmation with its diff.
    Save,
    /// Close the form (twice when there are unsaved changes).
    Close,
}

/// Typing into a form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextAction {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    Newline,
    Backspace,
    Delete,
    /// Delete to the end of the line.
    KillToEnd,
    /// Delete to the start of the line.
    KillToStart,
    /// Empty the field.
    Clear,
    /// Keep what was typed.
    Done,
    /// Forget what was typed.
    Cancel,
}

/// Choosing in a form picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickAction {
    Up,
    Down,
    /// Tick or untick (choose, in a single picker).
    Toggle,
    /// Keep the choice.
    Done,
    /// Tools: every tool (the field left out).
    All,
    /// Tools: none at all.
    None,
    Cancel,
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
    /// Mark every row the query shows (fzf's select-all).
    MarkAll,
    /// Clear every mark, shown or not (fzf's deselect-all).
    ClearMarks,
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
    SourceRead { id: crate::catalog::AgentId, text: Result<String, String> },
    /// Files or folders changed on disk (the watcher, an editor, a write of ours).
    FilesChanged(Vec<PathBuf>),
    /// Load everything again from disk.
    Reload,
    /// Install, fix, disable, remove: planned, then confirmed.
    Manage(Manage),
    /// Answer yes to the confirmation on screen.
    Confirm,
    /// A planned change was carried out (or refused, with why).
    Applied(Box<Result<crate::catalog::change::Applied, crate::catalog::change::ChangeError>>),
    /// Revert the newest change agentdeck made (from its journal).
    Undo,
    /// Open the form for a new agent: blank (from the template), or from the selected one.
    NewAgent { from_selected: bool },
    /// Open the form on the selected agent's fields.
    EditFields,
    /// Open the budget screen: what every listed agent, skill and command costs Claude in
    /// every session, and the fixes.
    Budget,
    /// The form's own actions.
    Form(FormAction),
    /// Typing into a form field.
    Text(TextAction),
    /// Choosing in a form picker.
    Pick(PickAction),
    /// Compare: take the change at the top of the view from the other side into the left
    /// (or the right) one.
    Take { into_left: bool },
    /// Compare: save the sides changes were taken into.
    SaveMerge,
    /// Compare: open the form on the left side as it now stands, to save it as a new agent.
    SaveMergeAsNew,
    /// Move the cursor of the line being edited (the query, the reader's `/` prompt) one
    /// character left.
    CursorLeft,
    /// One character right.
    CursorRight,
    /// To the start of the line.
    LineStart,
    /// To the end of the line.
    LineEnd,
    /// To the start of the word before the cursor.
    WordLeft,
    /// To the end of the word after the cursor.
    WordRight,
    /// Delete from the cursor to the end of the line.
    KillToEnd,
    /// Delete the character under the cursor.
    DeleteChar,
    /// The previous (older) line from the history: queries in the list, searches in the prompt.
    HistoryBack,
    /// The next (newer) line from the history, and after the newest what was being typed.
    HistoryForward,
    /// Show or hide the preview beside the list.
    TogglePreview,
    /// Sort the list by the next order: score, name, folder, cost, uses.
    CycleSort,
    /// Reader: open the `/` prompt to find text in the tab.
    Find,
    /// Reader: the next match of the search.
    NextMatch,
    /// Reader: the previous match of the search.
    PrevMatch,
    /// Scroll half a page up.
    HalfPageUp,
    /// Scroll half a page down.
    HalfPageDown,
    /// Reader: scroll to the next heading.
    NextHeading,
    /// Reader: scroll to the previous heading.
    PrevHeading,
    /// Reader: the outline of the tab's headings, to pick one to jump to.
    Outline,
}

impl Action {
    /// Every action a key can be bound to, by the stable kebab-case name a config file uses
    /// (`[keys.list] open = ["Enter", "C-o"]`). The names are part of the config format: add
    /// new ones, never rename.
    pub const BINDABLE: &'static [(&'static str, Action)] = &[
        ("quit", Action::Quit),
        ("cancel", Action::Cancel),
        ("back", Action::Back),
        ("backspace", Action::Backspace),
        ("clear-query", Action::ClearQuery),
        ("delete-word", Action::DeleteWord),
        ("up", Action::Up),
        ("down", Action::Down),
        ("page-up", Action::PageUp),
        ("page-down", Action::PageDown),
        ("home", Action::Home),
        ("end", Action::End),
        ("preview-up", Action::PreviewUp),
        ("preview-down", Action::PreviewDown),
        ("open", Action::Open),
        ("toggle-mark", Action::ToggleMark),
        ("mark-all", Action::MarkAll),
        ("clear-marks", Action::ClearMarks),
        ("compare", Action::Compare),
        ("next-change", Action::NextChange),
        ("prev-change", Action::PrevChange),
        ("toggle-unified", Action::ToggleUnified),
        ("swap-sides", Action::SwapSides),
        ("toggle-wrap", Action::ToggleWrap),
        ("expand-fold", Action::ExpandFold),
        ("expand-all", Action::ExpandAll),
        ("compare-similar", Action::CompareSimilar),
        ("copy-prompt", Action::Copy(CopyWhat::Prompt)),
        ("copy-file", Action::Copy(CopyWhat::File)),
        ("copy-description", Action::Copy(CopyWhat::Description)),
        ("copy-name", Action::Copy(CopyWhat::Name)),
        ("copy-diff", Action::Copy(CopyWhat::Diff)),
        ("edit", Action::Edit),
        ("help", Action::Help),
        ("tab-persona", Action::ShowTab(Tab::Persona)),
        ("tab-examples", Action::ShowTab(Tab::Examples)),
        ("tab-details", Action::ShowTab(Tab::Details)),
        ("tab-source", Action::ShowTab(Tab::Source)),
        ("tab-files", Action::ShowTab(Tab::Files)),
        ("next-tab", Action::NextTab),
        ("prev-tab", Action::PrevTab),
        ("reload", Action::Reload),
        ("undo", Action::Undo),
        ("confirm", Action::Confirm),
        ("actions", Action::Manage(Manage::Menu)),
        ("install-project", Action::Manage(Manage::InstallProject)),
        ("install-user", Action::Manage(Manage::InstallUser)),
        ("install-replace", Action::Manage(Manage::InstallReplace)),
        ("fix", Action::Manage(Manage::Fix)),
        ("toggle-disabled", Action::Manage(Manage::ToggleDisabled)),
        ("remove", Action::Manage(Manage::Remove)),
        ("keep-left", Action::Manage(Manage::KeepLeft)),
        ("keep-right", Action::Manage(Manage::KeepRight)),
        ("upgrade", Action::Manage(Manage::Upgrade)),
        ("name-only", Action::Manage(Manage::NameOnly)),
        ("hide-from-model", Action::Manage(Manage::HideFromModel)),
        ("budget", Action::Budget),
        ("compare-upstream", Action::Manage(Manage::CompareUpstream)),
        ("suspend", Action::Suspend),
        ("new-agent", Action::NewAgent { from_selected: false }),
        ("new-agent-from", Action::NewAgent { from_selected: true }),
        ("edit-fields", Action::EditFields),
        ("take-into-left", Action::Take { into_left: true }),
        ("take-into-right", Action::Take { into_left: false }),
        ("save-merge", Action::SaveMerge),
        ("save-merge-as-new", Action::SaveMergeAsNew),
        ("form-next", Action::Form(FormAction::Next)),
        ("form-prev", Action::Form(FormAction::Prev)),
        ("form-activate", Action::Form(FormAction::Activate)),
        ("form-unset", Action::Form(FormAction::Unset)),
        ("form-move-up", Action::Form(FormAction::MoveUp)),
        ("form-move-down", Action::Form(FormAction::MoveDown)),
        ("form-preview", Action::Form(FormAction::Preview)),
        ("form-save", Action::Form(FormAction::Save)),
        ("form-close", Action::Form(FormAction::Close)),
        ("text-left", Action::Text(TextAction::Left)),
        ("text-right", Action::Text(TextAction::Right)),
        ("text-up", Action::Text(TextAction::Up)),
        ("text-down", Action::Text(TextAction::Down)),
        ("text-home", Action::Text(TextAction::Home)),
        ("text-end", Action::Text(TextAction::End)),
        ("text-newline", Action::Text(TextAction::Newline)),
        ("text-backspace", Action::Text(TextAction::Backspace)),
        ("text-delete", Action::Text(TextAction::Delete)),
        ("text-kill-to-end", Action::Text(TextAction::KillToEnd)),
        ("text-kill-to-start", Action::Text(TextAction::KillToStart)),
        ("text-clear", Action::Text(TextAction::Clear)),
        ("text-done", Action::Text(TextAction::Done)),
        ("text-cancel", Action::Text(TextAction::Cancel)),
        ("pick-up", Action::Pick(PickAction::Up)),
        ("pick-down", Action::Pick(PickAction::Down)),
        ("pick-toggle", Action::Pick(PickAction::Toggle)),
        ("pick-done", Action::Pick(PickAction::Done)),
        ("pick-all", Action::Pick(PickAction::All)),
        ("pick-none", Action::Pick(PickAction::None)),
        ("pick-cancel", Action::Pick(PickAction::Cancel)),
        ("cursor-left", Action::CursorLeft),
        ("cursor-right", Action::CursorRight),
        ("line-start", Action::LineStart),
        ("line-end", Action::LineEnd),
        ("word-left", Action::WordLeft),
        ("word-right", Action::WordRight),
        ("kill-to-end", Action::KillToEnd),
        ("delete-char", Action::DeleteChar),
        ("history-back", Action::HistoryBack),
        ("history-forward", Action::HistoryForward),
        ("toggle-preview", Action::TogglePreview),
        ("sort", Action::CycleSort),
        ("find", Action::Find),
        ("next-match", Action::NextMatch),
        ("prev-match", Action::PrevMatch),
        ("half-page-up", Action::HalfPageUp),
        ("half-page-down", Action::HalfPageDown),
        ("next-heading", Action::NextHeading),
        ("prev-heading", Action::PrevHeading),
        ("outline", Action::Outline),
        ("copy-example", Action::Copy(CopyWhat::Example)),
    ];

    /// The config name of an action keys can bind; `None` for the ones only the runtime sends
    /// (typing, mouse, resize, file events).
    pub fn name(&self) -> Option<&'static str> {
        Action::BINDABLE.iter().find(|(_, a)| a == self).map(|(n, _)| *n)
    }

    /// The bindable action with this config name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::BINDABLE.iter().find(|(n, _)| *n == name).map(|(_, a)| a.clone())
    }
}
