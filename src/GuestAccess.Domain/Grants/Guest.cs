using GuestAccess.Domain.Common;

namespace GuestAccess.Domain.Grants;

/// <summary>
/// A named person a caretaker grants access to (contractor, cleaning crew, an association's
/// contact). Personal fields are anonymised a set time after their access ends.
/// </summary>
public sealed class Guest
{
    public Guest(Guid id, Guid siteId, string name, string? phone, string? email, string? organisation, Guid createdBy, DateTimeOffset createdAt)
    {
        if (phone is null && email is null)
        {
            throw new DomainException("guest_contact_required", "A guest needs a phone number or an e-mail address to receive the key.");
        }

        Id = id;
        SiteId = siteId;
        Name = Names.Require(name, "guest name");
        Phone = phone;
        Email = email;
        Organisation = organisation;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    private Guest()
    {
        Name = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>The site whose caretaker registered the guest.</summary>
    public Guid SiteId { get; private set; }

    public string Name { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public string? Organisation { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? AnonymisedAt { get; private set; }

    public bool IsAnonymised => AnonymisedAt is not null;

    /// <summary>Removes personal data, keeping the row so grants and audit references stay valid.</summary>
    public void Anonymise(DateTimeOffset at)
    {
        Name = "Anonymiseret gæst";
        Phone = null;
        Email = null;
        Organisation = null;
        AnonymisedAt ??= at;
    }
}
