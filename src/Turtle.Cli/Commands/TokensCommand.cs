using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;
using Turtle.Cli.Time;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle tokens create|list|rotate|revoke</c>: API tokens for collectors and tools (admin). A secret is printed once.</summary>
public static class TokensCommand
{
    public static Command Create(CliOptions options) =>
        new("tokens", "API tokens: for collectors (create <collector>) and for people and tools with a role (create --user NAME --role ROLE); admin only")
        {
            CreateCommand(options),
            ListCommand(options),
            RotateCommand(options),
            RevokeCommand(options),
        };

    private static Command CreateCommand(CliOptions options)
    {
        var collector = new Argument<string?>("collector") { Description = "The collector the token is for (its id, like dc1-web-1)", Arity = ArgumentArity.ZeroOrOne };
        var user = new Option<string?>("--user") { Description = "Make a token for this person or tool instead, with --role", HelpName = "name" };
        var role = new Option<string?>("--role") { Description = "The role of a --user token", HelpName = "role" }.AcceptOnlyFromAmong("viewer", "operator", "admin");
        var expires = new Option<string?>("--expires") { Description = "Expire after this long (30d, 12h) [default: never]", HelpName = "duration" };
        var format = CliOptions.Format("table", "json");
        var command = new Command("create", "Issue a token; its secret is printed once and cannot be shown again") { collector, user, role, expires, format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var (forCollector, forUser) = (parse.GetValue(collector), parse.GetValue(user));
            if ((forCollector is null) == (forUser is null))
            {
                throw CliException.Usage("name a collector (tokens create dc1-web-1) or a user (tokens create --user ci --role viewer), not both");
            }

            if (forCollector is not null && parse.GetValue(role) is not null)
            {
                throw CliException.Usage("a collector token has no role; use --user NAME --role ROLE for a token with one");
            }

            var expiresIn = parse.GetValue(expires) is { } text ? Duration.Parse(text, "--expires") : (TimeSpan?)null;
            var issued = await context.Api.CreateTokenAsync(new CreateTokenBody(forCollector, forUser, forUser is null ? null : parse.GetValue(role) ?? "viewer", expiresIn), cancellationToken);
            Issued(context, issued, parse.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListCommand(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var command = new Command("list", "Every token: id, whose, role, created, last used, expiry, revoked (never a secret)") { format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var tokens = await context.Api.ListTokensAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, tokens, TurtleJsonContext.Indented.ListTokenInfo);
            }
            else
            {
                context.Console.Write(TokenTable.Render(tokens, context.Time.GetUtcNow()));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RotateCommand(CliOptions options)
    {
        var id = new Argument<string>("id") { Description = "The token to replace (tok_…)" };
        var overlap = new Option<string?>("--overlap")
        {
            Description = "How long the old token keeps working (1h, 1d; 0 ends it now) [default: the silo's Turtle:Auth:RotationOverlap, 24h]",
            HelpName = "duration",
        };
        var format = CliOptions.Format("table", "json");
        var command = new Command("rotate", "Issue a successor for the same collector or user; the old token expires after the overlap") { id, overlap, format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var text = parse.GetValue(overlap);
            var span = text is null ? (TimeSpan?)null : text.Trim() == "0" ? TimeSpan.Zero : Duration.Parse(text, "--overlap");
            Issued(context, await context.Api.RotateTokenAsync(parse.GetRequiredValue(id), span, cancellationToken), parse.GetValue(format));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeCommand(CliOptions options)
    {
        var id = new Argument<string>("id") { Description = "The token to refuse from now on (tok_…)" };
        var command = new Command("revoke", "Refuse a token from now on (other silos follow within Turtle:Auth:CacheFor, 5 s)") { id };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var token = await context.Api.RevokeTokenAsync(parse.GetRequiredValue(id), cancellationToken);
            context.Output.WriteLine($"Revoked {token.Id} ({token.Kind} {token.Name}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Issued(CliContext context, IssuedTokenInfo issued, string? format)
    {
        if (format == "json")
        {
            JsonOutput.Write(context.Output, issued, TurtleJsonContext.Indented.IssuedTokenInfo);
            return;
        }

        var token = issued.Token;
        context.Output.WriteLine($"Token {token.Id} for {token.Kind} {token.Name}, role {token.Role}{(token.Expires is { } e ? $", expires {Cells.Time(e)}" : "")}.");
        if (issued.Previous is { } previous)
        {
            context.Output.WriteLine($"It replaces {previous.Id}, which keeps working until {Cells.Time(previous.Expires)}.");
        }

        context.Output.WriteLine("Its secret, shown this once (store it now; only its hash is kept):");
        context.Output.WriteLine(issued.Secret);
        context.Output.Flush();
    }
}
