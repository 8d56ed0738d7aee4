namespace GuestAccess.Server.Web.Shell;

/// <summary>
/// The problems with a submitted form, in page order: each names the field it is about (its id,
/// linked from the error summary) or none for the form as a whole.
/// </summary>
public sealed class FormErrors
{
    private readonly List<(string Field, string Message)> _errors = [];

    public IReadOnlyList<(string Field, string Message)> All => _errors;

    public bool Any => _errors.Count > 0;

    public FormErrors Add(string field, string message)
    {
        _errors.Add((field, message));
        return this;
    }

    /// <summary>Adds the message when the condition holds.</summary>
    public FormErrors When(bool condition, string field, string message) => condition ? Add(field, message) : this;

    public string? For(string field) => _errors.FirstOrDefault(e => e.Field == field).Message;
}
