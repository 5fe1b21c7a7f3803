using Spectre.Console;
using Turtle.Cli.Api;

namespace Turtle.Cli.Output;

/// <summary>The tokens <c>tokens list</c> shows: never a secret.</summary>
public static class TokenTable
{
    public static Table Render(IReadOnlyList<TokenInfo> tokens, DateTimeOffset now)
    {
        var table = new Table().Title("Tokens").AddColumns("Id", "Kind", "Name", "Role", "Created", "Last used", "Expires", "State");
        foreach (var token in tokens)
        {
            var state = token.Revoked ? "[red]revoked[/]"
                : token.Expires is { } expires && expires <= now ? "[grey]expired[/]"
                : token.ReplacedBy is { } successor ? $"[yellow]rotated → {Markup.Escape(successor)}[/]"
                : "[green]active[/]";
            table.AddRow(
                Cells.Plain(token.Id), Cells.Plain(token.Kind), Cells.Plain(token.Name), Cells.Plain(token.Role), Cells.Plain(Cells.Time(token.Created)),
                Cells.Plain(token.LastUsed is null ? "never" : Cells.Ago(token.LastUsed, now)), Cells.Plain(Cells.Time(token.Expires)), new Markup(state));
        }

        return table;
    }
}
