using System.CommandLine;
using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle users create|list</c>: the people who sign in to the dashboard (admin).</summary>
public static class UsersCommand
{
    public static Command Create(CliOptions options) =>
        new("users", "Dashboard users and their roles (admin only)")
        {
            CreateCommand(options),
            ListCommand(options),
        };

    private static Command CreateCommand(CliOptions options)
    {
        var name = new Argument<string>("name") { Description = "The user's name" };
        var role = new Option<string>("--role") { Description = "The user's role", DefaultValueFactory = _ => "viewer" }.AcceptOnlyFromAmong("viewer", "operator", "admin");
        var command = new Command("create", "Create a user with a generated password, printed once") { name, role };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var created = await context.Api.CreateUserAsync(new CreateUserBody(parse.GetRequiredValue(name), parse.GetRequiredValue(role), null), cancellationToken);
            context.Output.WriteLine($"User {created.User.Name}, role {created.User.Role}. Password, shown this once:");
            context.Output.WriteLine(created.Password);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListCommand(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var command = new Command("list", "Every user: name, role, created") { format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var users = await context.Api.ListUsersAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, users, TurtleJsonContext.Indented.ListUserInfo);
                return ExitCodes.Ok;
            }

            var table = new Table().Title("Users").AddColumns("Name", "Role", "Created", "Created by");
            foreach (var user in users)
            {
                table.AddRow(Cells.Plain(user.Name), Cells.Plain(user.Role), Cells.Plain(Cells.Time(user.Created)), Cells.Plain(user.CreatedBy));
            }

            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
