//! Which key does what, in which view. This table is the single source for dispatching keys,
//! for the help overlay and for the status-bar hints, so the three can never disagree.

use super::action::{Action, CopyWhat, FormAction, Manage, PickAction, Tab, TextAction};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

mod overrides;

pub use crate::keys::{Chord, KeyMode};
pub use overrides::checked;

/// One entry of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    pub mode: KeyMode,
    pub keys: Vec<Chord>,
    pub action: Action,
    /// Plain words for the help screen.
    pub help: &'static str,
    /// A one-word hint for the status bar, or `None` to keep it out of the hints.
    pub hint: Option<&'static str>,
}

/// The whole table, looked up by view then key.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const ALT: KeyModifiers = KeyModifiers::ALT;

fn key(code: KeyCode) -> Chord {
    Chord::new(code, NONE)
}
fn ctrl(c: char) -> Chord {
    Chord::new(KeyCode::Char(c), CTRL)
}
fn ch(c: char) -> Chord {
    key(KeyCode::Char(c))
}
fn alt(c: char) -> Chord {
    Chord::new(KeyCode::Char(c), ALT)
}

struct Table(Vec<Binding>);

impl Table {
    fn add(&mut self, mode: KeyMode, keys: &[Chord], action: Action, help: &'static str) {
        let keys = keys.to_vec();
        self.0.push(Binding { mode, keys, action, help, hint: None });
    }
    fn hint(&mut self, hint: &'static str) {
        if let Some(last) = self.0.last_mut() {
            last.hint = Some(hint);
        }
    }
}

impl Default for Keymap {
    fn default() -> Self {
        let mut t = Table(Vec::new());
        global_and_list(&mut t);
        reader(&mut t);
        find_and_outline(&mut t);
        diff_and_help(&mut t);
        manage(&mut t);
        budget(&mut t);
        form(&mut t);
        Keymap { bindings: t.0 }
    }
}

fn global_and_list(t: &mut Table) {
    use KeyMode::{Global, List};
    t.add(Global, &[ctrl('c')], Action::Quit, "quit");
    t.add(Global, &[ctrl('z')], Action::Suspend, "suspend to the shell (fg comes back)");
    t.add(List, &[key(KeyCode::F(1))], Action::Help, "show this help");
    t.hint("help");
    t.add(List, &[key(KeyCode::Enter)], Action::Open, "open the selected agent");
    t.hint("open");
    t.add(List, &[key(KeyCode::Tab)], Action::ToggleMark, "mark for comparison, move down");
    t.hint("mark");
    t.add(List, &[alt('a')], Action::MarkAll, "mark every agent the query shows");
    t.add(List, &[alt('d')], Action::ClearMarks, "clear every mark (shown or not)");
    t.add(List, &[ctrl('d')], Action::Compare, "compare the marked pair (or mark + selection)");
    t.hint("compare");
    t.add(List, &[ctrl('y')], Action::Copy(CopyWhat::Prompt), "copy the prompt (body)");
    t.hint("copy");
    t.add(List, &[key(KeyCode::F(4)), alt('e')], Action::Edit, "edit the file in $EDITOR");
    t.hint("edit");
    t.add(List, &[key(KeyCode::Esc)], Action::Cancel, "clear the query; quit when empty");
    t.hint("clear/quit");
    t.add(List, &[key(KeyCode::Up), ctrl('p')], Action::Up, "move up");
    t.add(List, &[key(KeyCode::Down), ctrl('n')], Action::Down, "move down");
    t.add(List, &[key(KeyCode::PageUp)], Action::PageUp, "page up");
    t.add(List, &[key(KeyCode::PageDown)], Action::PageDown, "page down");
    t.add(List, &[key(KeyCode::Home)], Action::Home, "first agent");
    t.add(List, &[key(KeyCode::End)], Action::End, "last agent");
    t.add(List, &[Chord::new(KeyCode::Up, SHIFT)], Action::PreviewUp, "scroll the preview up");
    t.add(List, &[Chord::new(KeyCode::Down, SHIFT)], Action::PreviewDown, "scroll the preview down");
    // Ctrl-/ arrives as C-_ or (from crossterm, for the byte 0x1f) C-7; the kitty protocol sends C-/.
    let preview = [Chord::new(KeyCode::Char('/'), CTRL), ctrl('_'), ctrl('7')];
    t.add(List, &preview, Action::TogglePreview, "show / hide the preview");
    t.add(List, &[ctrl('s')], Action::CycleSort, "sort by score, name, folder, cost or uses (cycles)");
    line_editing(t, List, "query");
    t.add(List, &[alt('p')], Action::HistoryBack, "the previous query (history)");
    t.add(List, &[alt('n')], Action::HistoryForward, "the next query (history)");
}

/// The keys that edit a line (the query, the `/` prompt), as a shell's.
fn line_editing(t: &mut Table, mode: KeyMode, what: &'static str) {
    let (bksp, clear, word) = match what {
        "query" => (
            "delete the query character before the cursor",
            "clear the query",
            "delete the query word before the cursor",
        ),
        _ => ("delete the character before the cursor", "clear the search", "delete the word before the cursor"),
    };
    t.add(mode, &[key(KeyCode::Backspace)], Action::Backspace, bksp);
    t.add(mode, &[key(KeyCode::Delete)], Action::DeleteChar, "delete the character under the cursor");
    t.add(mode, &[ctrl('u')], Action::ClearQuery, clear);
    t.add(mode, &[ctrl('w')], Action::DeleteWord, word);
    t.add(mode, &[ctrl('k')], Action::KillToEnd, "delete from the cursor to the end");
    t.add(mode, &[key(KeyCode::Left), ctrl('b')], Action::CursorLeft, "cursor left");
    t.add(mode, &[key(KeyCode::Right), ctrl('f')], Action::CursorRight, "cursor right");
    let (start, end) = if mode == KeyMode::List {
        (vec![ctrl('a')], vec![ctrl('e')])
    } else {
        (vec![ctrl('a'), key(KeyCode::Home)], vec![ctrl('e'), key(KeyCode::End)])
    };
    t.add(mode, &start, Action::LineStart, "cursor to the start");
    t.add(mode, &end, Action::LineEnd, "cursor to the end");
    let word_left = [alt('b'), Chord::new(KeyCode::Left, CTRL)];
    t.add(mode, &word_left, Action::WordLeft, "cursor a word left");
    let word_right = [alt('f'), Chord::new(KeyCode::Right, CTRL)];
    t.add(mode, &word_right, Action::WordRight, "cursor a word right");
}

fn reader(t: &mut Table) {
    use KeyMode::Reader;
    t.add(Reader, &[key(KeyCode::Esc), ch('q')], Action::Back, "back to the list");
    t.hint("back");
    t.add(Reader, &[ch('?'), key(KeyCode::F(1))], Action::Help, "show this help");
    t.hint("help");
    t.add(Reader, &[key(KeyCode::Tab)], Action::NextTab, "next tab");
    t.hint("tabs");
    t.add(Reader, &[key(KeyCode::BackTab)], Action::PrevTab, "previous tab");
    for (i, tab) in Tab::ALL.into_iter().enumerate() {
        let digit = char::from(b'1' + i as u8);
        t.add(Reader, &[ch(digit)], Action::ShowTab(tab), tab_help(tab));
    }
    t.add(Reader, &[ch('5')], Action::ShowTab(Tab::Files), tab_help(Tab::Files));
    t.add(Reader, &[key(KeyCode::Enter)], Action::Open, "Files tab: open the highlighted file in $EDITOR");
    t.add(Reader, &[ch('y')], Action::Copy(CopyWhat::Prompt), "copy the prompt (body)");
    t.hint("copy");
    t.add(Reader, &[ch('Y')], Action::Copy(CopyWhat::File), "copy the whole file");
    t.add(Reader, &[ch('D')], Action::Copy(CopyWhat::Description), "copy the description");
    t.add(Reader, &[ch('i')], Action::Copy(CopyWhat::Name), "copy the name");
    t.add(Reader, &[ch('x')], Action::Copy(CopyWhat::Example), "Examples tab: copy the example at the top");
    t.add(Reader, &[ch('d')], Action::Compare, "compare with the marked agent");
    t.add(Reader, &[ch('c')], Action::CompareSimilar, "compare with the most similar agent (or same name)");
    t.hint("similar");
    t.add(Reader, &[ch('e')], Action::Edit, "edit the file in $EDITOR");
    t.hint("edit");
    t.add(Reader, &[ch('k'), key(KeyCode::Up)], Action::Up, "scroll up a line");
    t.add(Reader, &[ch('j'), key(KeyCode::Down)], Action::Down, "scroll down a line");
    t.add(Reader, &[ch('b'), key(KeyCode::PageUp)], Action::PageUp, "scroll up a page");
    t.add(Reader, &[ch(' '), key(KeyCode::PageDown)], Action::PageDown, "scroll down a page");
    t.add(Reader, &[ch('g'), key(KeyCode::Home)], Action::Home, "to the top");
    t.add(Reader, &[ch('G'), key(KeyCode::End)], Action::End, "to the end");
    t.add(Reader, &[ctrl('u')], Action::HalfPageUp, "scroll up half a page");
    t.add(Reader, &[ctrl('d')], Action::HalfPageDown, "scroll down half a page");
    t.add(Reader, &[ch('/')], Action::Find, "find text in the tab (Enter searches)");
    t.hint("find");
    t.add(Reader, &[ch('n')], Action::NextMatch, "next match");
    t.add(Reader, &[ch('N')], Action::PrevMatch, "previous match");
    t.add(Reader, &[ch(']')], Action::NextHeading, "next heading");
    t.add(Reader, &[ch('[')], Action::PrevHeading, "previous heading");
    t.add(Reader, &[ch('o')], Action::Outline, "outline: the headings, to jump to one");
    t.hint("outline");
}

fn find_and_outline(t: &mut Table) {
    use KeyMode::{Find, Outline};
    t.add(Find, &[key(KeyCode::Enter)], Action::Confirm, "search for what is typed (empty: the last search)");
    t.hint("search");
    t.add(Find, &[key(KeyCode::Esc)], Action::Back, "cancel");
    t.hint("cancel");
    line_editing(t, Find, "search");
    t.add(Find, &[key(KeyCode::Up), alt('p')], Action::HistoryBack, "the previous search (history)");
    t.add(Find, &[key(KeyCode::Down), alt('n')], Action::HistoryForward, "the next search (history)");
    t.add(Outline, &[key(KeyCode::Enter)], Action::Open, "jump to the heading");
    t.hint("jump");
    t.add(Outline, &[key(KeyCode::Esc), ch('q'), ch('o')], Action::Back, "close the outline");
    t.hint("close");
    t.add(Outline, &[ch('k'), key(KeyCode::Up)], Action::Up, "previous heading");
    t.add(Outline, &[ch('j'), key(KeyCode::Down)], Action::Down, "next heading");
    t.add(Outline, &[key(KeyCode::PageUp)], Action::PageUp, "a page up");
    t.add(Outline, &[key(KeyCode::PageDown)], Action::PageDown, "a page down");
    t.add(Outline, &[ch('g'), key(KeyCode::Home)], Action::Home, "the first heading");
    t.add(Outline, &[ch('G'), key(KeyCode::End)], Action::End, "the last heading");
}

fn tab_help(tab: Tab) -> &'static str {
    match tab {
        Tab::Persona => "tab: persona (the prompt)",
        Tab::Examples => "tab: usage examples",
        Tab::Details => "tab: all fields, diagnostics, shadowing",
        Tab::Source => "tab: the raw file",
        Tab::Files => "tab: a skill's other files (scripts, references)",
    }
}

fn diff_and_help(t: &mut Table) {
    use KeyMode::{Diff, Help};
    t.add(Diff, &[key(KeyCode::Esc), ch('q')], Action::Back, "back to where the comparison was opened");
    t.hint("back");
    t.add(Diff, &[ch('?'), key(KeyCode::F(1))], Action::Help, "show this help");
    t.hint("help");
    t.add(Diff, &[ch('n')], Action::NextChange, "next change");
    t.hint("next");
    t.add(Diff, &[ch('N')], Action::PrevChange, "previous change");
    t.hint("prev");
    t.add(Diff, &[ch('u')], Action::ToggleUnified, "side by side / unified");
    t.hint("unified");
    t.add(Diff, &[ch('s')], Action::SwapSides, "swap the sides");
    t.hint("swap");
    t.add(Diff, &[ch('w')], Action::ToggleWrap, "wrap long lines");
    t.hint("wrap");
    t.add(Diff, &[key(KeyCode::Enter), ch('o')], Action::ExpandFold, "unfold the unchanged lines nearest the top");
    t.hint("unfold");
    t.add(Diff, &[ch('O'), ch('x')], Action::ExpandAll, "unfold every unchanged line");
    t.add(Diff, &[ch('y')], Action::Copy(CopyWhat::Diff), "copy as a unified diff");
    t.hint("copy");
    t.add(Diff, &[ch('<')], Action::Take { into_left: true }, "take the change at the top into the left side");
    t.hint("take");
    t.add(Diff, &[ch('>')], Action::Take { into_left: false }, "take the change at the top into the right side");
    t.add(Diff, &[ch('S')], Action::SaveMerge, "save the sides changes were taken into (one undo step)");
    t.add(Diff, &[ch('A')], Action::SaveMergeAsNew, "save the left side as a new agent (in the form)");
    t.add(Diff, &[ch('k'), key(KeyCode::Up)], Action::Up, "scroll up");
    t.add(Diff, &[ch('j'), key(KeyCode::Down)], Action::Down, "scroll down");
    t.add(Diff, &[ch('b'), key(KeyCode::PageUp)], Action::PageUp, "scroll up a page");
    t.add(Diff, &[ch(' '), key(KeyCode::PageDown)], Action::PageDown, "scroll down a page");
    t.add(Diff, &[ch('g'), key(KeyCode::Home)], Action::Home, "to the top");
    t.add(Diff, &[ch('G'), key(KeyCode::End)], Action::End, "to the end");
    t.add(Diff, &[ctrl('u')], Action::HalfPageUp, "scroll up half a page");
    t.add(Diff, &[ctrl('d')], Action::HalfPageDown, "scroll down half a page");
    let close = [key(KeyCode::Esc), ch('q'), ch('?'), key(KeyCode::F(1))];
    t.add(Help, &close, Action::Back, "close the help");
    t.hint("close");
    t.add(Help, &[ch('/')], Action::Find, "search the help: only the rows holding the text (Enter keeps it)");
    t.hint("search");
    t.add(Help, &[ch('k'), key(KeyCode::Up)], Action::Up, "scroll up");
    t.add(Help, &[ch('j'), key(KeyCode::Down)], Action::Down, "scroll down");
    t.add(Help, &[ch('b'), key(KeyCode::PageUp)], Action::PageUp, "scroll up a page");
    t.add(Help, &[ch(' '), key(KeyCode::PageDown)], Action::PageDown, "scroll down a page");
    t.add(Help, &[ch('g'), key(KeyCode::Home)], Action::Home, "to the top");
    t.add(Help, &[ch('G'), key(KeyCode::End)], Action::End, "to the end");
    t.add(Help, &[ctrl('u')], Action::HalfPageUp, "scroll up half a page");
    t.add(Help, &[ctrl('d')], Action::HalfPageDown, "scroll down half a page");
}

/// The budget screen: move, act on the selected file, back.
fn budget(t: &mut Table) {
    use KeyMode::{Budget, List};
    t.add(List, &[key(KeyCode::F(6))], Action::Budget, "what each agent and skill costs Claude every session");
    t.hint("budget");
    t.add(Budget, &[key(KeyCode::Up), ch('k')], Action::Up, "move up");
    t.add(Budget, &[key(KeyCode::Down), ch('j')], Action::Down, "move down");
    t.add(Budget, &[key(KeyCode::PageUp)], Action::PageUp, "page up");
    t.add(Budget, &[key(KeyCode::PageDown), ch(' ')], Action::PageDown, "page down");
    t.add(Budget, &[ch('g'), key(KeyCode::Home)], Action::Home, "the costliest");
    t.add(Budget, &[ch('G'), key(KeyCode::End)], Action::End, "the cheapest");
    t.add(
        Budget,
        &[ch('x'), ch('d')],
        Action::Manage(Manage::ToggleDisabled),
        "turn it off (or on): Agent() rule, skillOverrides off",
    );
    t.hint("off");
    t.add(Budget, &[ch('o')], Action::Manage(Manage::NameOnly), "list a skill by name only (skillOverrides name-only)");
    t.hint("name only");
    t.add(
        Budget,
        &[ch('h')],
        Action::Manage(Manage::HideFromModel),
        "keep a skill from the model (disable-model-invocation)",
    );
    t.add(Budget, &[ch('e')], Action::EditFields, "edit its fields (shorten the description)");
    t.hint("shorten");
    t.add(
        Budget,
        &[key(KeyCode::Enter), key(KeyCode::F(2)), ch('a')],
        Action::Manage(Manage::Menu),
        "all actions on it",
    );
    t.add(Budget, &[ch('U')], Action::Undo, "undo the last change agentdeck made");
    t.add(Budget, &[key(KeyCode::Esc), ch('q'), key(KeyCode::F(6))], Action::Back, "back to the list");
    t.hint("back");
}

fn manage(t: &mut Table) {
    use KeyMode::{Confirm, Diff, Global, List, Menu, Reader};
    t.add(Global, &[ctrl('r')], Action::Reload, "load everything again from disk");
    t.add(
        List,
        &[key(KeyCode::F(2)), ctrl('o')],
        Action::Manage(Manage::Menu),
        "actions: install, fix, disable, remove, undo",
    );
    t.hint("actions");
    t.add(
        Reader,
        &[ch('a'), key(KeyCode::F(2))],
        Action::Manage(Manage::Menu),
        "actions: install, fix, disable, remove, undo",
    );
    t.hint("actions");
    t.add(Reader, &[ch('U')], Action::Undo, "undo the last change agentdeck made");
    t.add(
        Diff,
        &[ch('a'), key(KeyCode::F(2))],
        Action::Manage(Manage::Menu),
        "actions on the two compared files: keep one, fix, disable, remove",
    );
    t.hint("actions");
    t.add(Diff, &[ch('U')], Action::Undo, "undo the last change agentdeck made");
    t.add(Menu, &[key(KeyCode::Esc), ch('q')], Action::Back, "close the menu");
    t.hint("close");
    t.add(Menu, &[ch('p')], Action::Manage(Manage::InstallProject), Manage::InstallProject.label());
    t.add(Menu, &[ch('u')], Action::Manage(Manage::InstallUser), Manage::InstallUser.label());
    t.add(Menu, &[ch('f')], Action::Manage(Manage::Fix), Manage::Fix.label());
    t.add(Menu, &[ch('x')], Action::Manage(Manage::ToggleDisabled), Manage::ToggleDisabled.label());
    t.add(Menu, &[ch('o')], Action::Manage(Manage::NameOnly), Manage::NameOnly.label());
    t.add(Menu, &[ch('h')], Action::Manage(Manage::HideFromModel), Manage::HideFromModel.label());
    t.add(Menu, &[ch('r'), key(KeyCode::Delete)], Action::Manage(Manage::Remove), Manage::Remove.label());
    t.add(Menu, &[ch('[')], Action::Manage(Manage::KeepLeft), "compare: keep the left one, disable the right one");
    t.add(Menu, &[ch(']')], Action::Manage(Manage::KeepRight), "compare: keep the right one, disable the left one");
    t.add(Menu, &[ch('g')], Action::Manage(Manage::Upgrade), Manage::Upgrade.label());
    t.add(Menu, &[ch('z')], Action::Undo, "undo the last change agentdeck made");
    t.add(Confirm, &[key(KeyCode::Enter), ch('y')], Action::Confirm, "do it");
    t.hint("do it");
    t.add(Confirm, &[key(KeyCode::Esc), ch('n'), ch('q')], Action::Back, "cancel: write nothing");
    t.hint("cancel");
    t.add(
        Confirm,
        &[ch('R')],
        Action::Manage(Manage::InstallReplace),
        "replace: after a clash, the agent of that name; in an upgrade, your changes",
    );
    t.add(
        Confirm,
        &[ch('c')],
        Action::Manage(Manage::CompareUpstream),
        "after an upgrade refused over your changes: compare yours with upstream's",
    );
    t.add(Confirm, &[ch('k'), key(KeyCode::Up)], Action::Up, "scroll up");
    t.add(Confirm, &[ch('j'), key(KeyCode::Down)], Action::Down, "scroll down");
    t.add(Confirm, &[ch('b'), key(KeyCode::PageUp)], Action::PageUp, "scroll up a page");
    t.add(Confirm, &[ch(' '), key(KeyCode::PageDown)], Action::PageDown, "scroll down a page");
}

fn form(t: &mut Table) {
    use KeyMode::{Form, Menu, Picker, Reader, Text};
    t.add(Menu, &[ch('n')], Action::NewAgent { from_selected: false }, "new agent (a form, from the template)");
    t.add(Menu, &[ch('N')], Action::NewAgent { from_selected: true }, "new agent starting from this one");
    t.add(Menu, &[ch('e')], Action::EditFields, "edit the fields of this agent in a form");
    t.add(Reader, &[ch('E')], Action::EditFields, "edit the fields in a form");
    t.add(Form, &[key(KeyCode::Down), ch('j'), key(KeyCode::Tab)], Action::Form(FormAction::Next), "next field");
    t.add(Form, &[key(KeyCode::Up), ch('k'), key(KeyCode::BackTab)], Action::Form(FormAction::Prev), "previous field");
    t.add(Form, &[key(KeyCode::Enter), ch('i')], Action::Form(FormAction::Activate), "edit or pick the field");
    t.hint("edit");
    t.add(
        Form,
        &[ch('d'), key(KeyCode::Delete)],
        Action::Form(FormAction::Unset),
        "leave the field out / delete the example",
    );
    t.hint("unset");
    t.add(Form, &[ch('K')], Action::Form(FormAction::MoveUp), "move the example up");
    t.add(Form, &[ch('J')], Action::Form(FormAction::MoveDown), "move the example down");
    t.add(Form, &[ch('p')], Action::Form(FormAction::Preview), "show the file (and its diff) beside the form");
    t.hint("preview");
    t.add(Form, &[ctrl('s'), ch('w')], Action::Form(FormAction::Save), "save: see the diff, then confirm");
    t.hint("save");
    t.add(
        Form,
        &[key(KeyCode::Esc), ch('q')],
        Action::Form(FormAction::Close),
        "close the form (twice with unsaved changes)",
    );
    t.hint("close");
    t.add(Text, &[key(KeyCode::Esc)], Action::Text(TextAction::Done), "keep what was typed");
    t.hint("done");
    t.add(Text, &[ctrl('g')], Action::Text(TextAction::Cancel), "forget what was typed");
    t.hint("cancel");
    t.add(Text, &[key(KeyCode::Enter)], Action::Text(TextAction::Newline), "new line (one-line fields: done)");
    t.add(Text, &[key(KeyCode::Left)], Action::Text(TextAction::Left), "cursor left");
    t.add(Text, &[key(KeyCode::Right)], Action::Text(TextAction::Right), "cursor right");
    t.add(Text, &[key(KeyCode::Up)], Action::Text(TextAction::Up), "cursor up");
    t.add(Text, &[key(KeyCode::Down)], Action::Text(TextAction::Down), "cursor down");
    t.add(Text, &[key(KeyCode::Home), ctrl('a')], Action::Text(TextAction::Home), "start of the line");
    t.add(Text, &[key(KeyCode::End), ctrl('e')], Action::Text(TextAction::End), "end of the line");
    t.add(Text, &[key(KeyCode::Backspace)], Action::Text(TextAction::Backspace), "delete before the cursor");
    t.add(Text, &[key(KeyCode::Delete)], Action::Text(TextAction::Delete), "delete under the cursor");
    t.add(Text, &[ctrl('k')], Action::Text(TextAction::KillToEnd), "delete to the end of the line");
    t.add(Text, &[ctrl('u')], Action::Text(TextAction::KillToStart), "delete to the start of the line");
    t.add(Text, &[ctrl('l')], Action::Text(TextAction::Clear), "empty the field");
    t.add(Picker, &[key(KeyCode::Up), ch('k')], Action::Pick(PickAction::Up), "up");
    t.add(Picker, &[key(KeyCode::Down), ch('j')], Action::Pick(PickAction::Down), "down");
    t.add(Picker, &[ch(' ')], Action::Pick(PickAction::Toggle), "tick / untick");
    t.hint("tick");
    t.add(Picker, &[key(KeyCode::Enter)], Action::Pick(PickAction::Done), "keep the choice");
    t.hint("done");
    t.add(Picker, &[ch('a')], Action::Pick(PickAction::All), "tools: all tools (the field left out)");
    t.hint("all");
    t.add(Picker, &[ch('0')], Action::Pick(PickAction::None), "tools: no tools at all");
    t.hint("none");
    t.add(Picker, &[key(KeyCode::Esc), ch('q')], Action::Pick(PickAction::Cancel), "cancel");
    t.hint("cancel");
}

impl Keymap {
    /// The first key bound to `action` in `mode` (or everywhere), as the help writes it: for
    /// messages that tell the user which key to press next.
    pub fn key_for(&self, mode: KeyMode, action: &Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| (b.mode == mode || b.mode == KeyMode::Global) && b.action == *action)
            .and_then(|b| b.keys.first())
            .map(Chord::label)
    }

    /// The action for `key` in `mode`: the mode's own bindings, then the global ones, then
    /// (in the list) plain characters edit the query.
    pub fn lookup(&self, mode: KeyMode, key: &KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let found = [mode, KeyMode::Global]
            .into_iter()
            .find_map(|m| self.bindings.iter().find(|b| b.mode == m && b.keys.iter().any(|c| c.matches(key))));
        if let Some(binding) = found {
            return Some(binding.action.clone());
        }
        match (mode, key.code) {
            (KeyMode::List | KeyMode::Text | KeyMode::Find, KeyCode::Char(c))
                if key.modifiers.difference(SHIFT).is_empty() && !c.is_control() =>
            {
                Some(Action::Insert(c))
            }
            _ => None,
        }
    }

    /// Every binding, in table order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The bindings of one mode, in table order.
    pub fn for_mode(&self, mode: KeyMode) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.mode == mode)
    }

    /// `(keys, hint)` pairs for the status bar of `mode`.
    pub fn hints(&self, mode: KeyMode) -> Vec<(String, &'static str)> {
        self.for_mode(mode).filter_map(|b| b.hint.map(|h| (b.keys_label(), h))).collect()
    }
}

impl Binding {
    /// The binding's keys joined for display: `Up/C-p` (`C-/, C-_` when a key has a `/`).
    pub fn keys_label(&self) -> String {
        let labels: Vec<String> = self.keys.iter().map(Chord::label).collect();
        let sep = if labels.len() > 1 && labels.iter().any(|l| l.contains('/')) { ", " } else { "/" };
        labels.join(sep)
    }
}
