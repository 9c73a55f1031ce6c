using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace OpenAI.PowerShell.Hosted.Tests.Hosting;

/// <summary>
/// The only fake in the hosted tests: the console. It records what PowerShell writes to the host
/// (What-if lines, Out-Host, prompts) and answers -Confirm prompts from a queue.
/// </summary>
public sealed class TestHost : PSHost
{
    private readonly TestHostUI _ui;

    public TestHost(int width) => _ui = new TestHostUI(width);

    public override string Name => "OpenAI.PowerShell.TestHost";
    public override Version Version { get; } = new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    /// <summary>Everything written to the console, line by line.</summary>
    public string Text => _ui.Text;

    /// <summary>Answers for -Confirm prompts: true chooses "Yes", false "No". An empty queue answers "No".</summary>
    public ConcurrentQueue<bool> ConfirmAnswers => _ui.ConfirmAnswers;

    public IReadOnlyList<ProgressRecord> Progress => _ui.Progress;

    public void ClearText() => _ui.Clear();

    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    private sealed class TestHostUI : PSHostUserInterface
    {
        private readonly StringBuilder _text = new();
        private readonly List<ProgressRecord> _progress = new();

        public TestHostUI(int width) => RawUI = new TestRawUI(width);

        public override PSHostRawUserInterface RawUI { get; }
        public ConcurrentQueue<bool> ConfirmAnswers { get; } = new();

        public string Text
        {
            get { lock (_text) return _text.ToString(); }
        }

        public IReadOnlyList<ProgressRecord> Progress
        {
            get { lock (_progress) return _progress.ToList(); }
        }

        public void Clear()
        {
            lock (_text) _text.Clear();
            lock (_progress) _progress.Clear();
        }

        public override void Write(string value)
        {
            lock (_text) _text.Append(value);
        }

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
        public override void WriteLine(string value) => Write(value + "\n");
        public override void WriteErrorLine(string value) => WriteLine(value);
        public override void WriteDebugLine(string message) => WriteLine("DEBUG: " + message);
        public override void WriteVerboseLine(string message) => WriteLine("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => WriteLine("WARNING: " + message);

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (_progress) _progress.Add(record);
        }

        public override string ReadLine() => throw new NotSupportedException("The test host reads no input.");
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("The test host reads no input.");

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("The test host answers no prompt: " + message);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("The test host has no credential.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("The test host has no credential.");

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            WriteLine($"{caption}\n{message}");
            var yes = ConfirmAnswers.TryDequeue(out var answer) && answer;
            var label = yes ? "&Yes" : "&No";
            var index = choices.ToList().FindIndex(c => c.Label == label);
            return index >= 0 ? index : defaultChoice;
        }
    }

    private sealed class TestRawUI : PSHostRawUserInterface
    {
        public TestRawUI(int width)
        {
            BufferSize = new Size(width, 9999);
            WindowSize = new Size(width, 50);
        }

        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override Coordinates CursorPosition { get; set; }
        public override Coordinates WindowPosition { get; set; }
        public override int CursorSize { get; set; }
        public override Size BufferSize { get; set; }
        public override Size WindowSize { get; set; }
        public override Size MaxWindowSize => WindowSize;
        public override Size MaxPhysicalWindowSize => WindowSize;
        public override bool KeyAvailable => false;
        public override string WindowTitle { get; set; } = "";

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    }
}
