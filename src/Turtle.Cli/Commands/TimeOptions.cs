using System.CommandLine;
using Turtle.Cli.Time;

namespace Turtle.Cli.Commands;

/// <summary><c>--from</c>, <c>--to</c> and <c>--step</c>, as <c>history</c> and <c>export</c> read them.</summary>
public sealed class TimeOptions
{
    public TimeOptions(string defaultFrom)
    {
        From = new Option<string?>("--from") { Description = $"Start: {TimeExpression.Examples} [default: {defaultFrom}]", HelpName = "time" };
        To = new Option<string?>("--to") { Description = "End (exclusive), like --from [default: now]", HelpName = "time" };
    }

    public Option<string?> From { get; }

    public Option<string?> To { get; }

    /// <summary>The range both options name, read against one <paramref name="now"/>.</summary>
    public TimeRange Range(ParseResult parse, DateTimeOffset now, TimeSpan defaultLength) =>
        TimeRange.Parse(parse.GetValue(From), parse.GetValue(To), now, defaultLength);

    public static Option<string?> Step(string description) => new("--step") { Description = description, HelpName = "duration" };
}
