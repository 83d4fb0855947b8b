using Spectre.Console;
using SupplyGate.Core.IO;

namespace SupplyGate.Cli.Hosting;

/// <summary>
/// Spectre consoles that colour only when writing to a real terminal and never with NO_COLOR
/// (https://no-color.org), so redirected output and CI logs stay plain text.
/// </summary>
internal static class TerminalConsole
{
    /// <summary>True when stderr is a terminal and colour/animation are welcome (no NO_COLOR, not CI output).</summary>
    public static bool IsInteractive(IEnvironment environment) =>
        !Console.IsErrorRedirected && string.IsNullOrEmpty(environment.GetVariable("NO_COLOR")) && string.IsNullOrEmpty(environment.GetVariable("CI"));

    public static IAnsiConsole Create(TextWriter writer, IEnvironment environment, bool forcePlain = false)
    {
        bool terminal = !forcePlain
            && ReferenceEquals(writer, Console.Out)
            && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(environment.GetVariable("NO_COLOR"));
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            // No terminal to measure: do not wrap report tables at Spectre's 80-column default.
            console.Profile.Width = 200;
        }

        return console;
    }
}
