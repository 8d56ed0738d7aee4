using System.Collections.Frozen;

namespace GuestAccess.Server.Infrastructure.Problems;

/// <summary>
/// Every failure the API reports, with its stable code, mapped to HTTP in this one place.
/// Features add their own errors to <see cref="All"/> by declaring them here.
/// </summary>
public static class ErrorCatalog
{
    public static readonly ApiError MalformedRequest = new("malformed_request", 400, "Forespørgslen kunne ikke læses", "The request could not be read");
    public static readonly ApiError ValidationFailed = new("validation_failed", 400, "Ugyldige oplysninger", "The request is not valid");
    public static readonly ApiError Unauthorized = new("unauthorized", 401, "Du skal logge ind", "Authentication is required");
    public static readonly ApiError Forbidden = new("forbidden", 403, "Du har ikke adgang", "You do not have access");
    public static readonly ApiError NotFound = new("not_found", 404, "Ikke fundet", "Not found");
    public static readonly ApiError MethodNotAllowed = new("method_not_allowed", 405, "Metoden er ikke tilladt", "Method not allowed");
    public static readonly ApiError NotAcceptable = new("not_acceptable", 406, "Formatet kan ikke leveres", "Not acceptable");
    public static readonly ApiError ConcurrencyConflict = new("concurrency_conflict", 409, "Data er ændret af en anden – prøv igen", "The data was changed by someone else; try again");
    public static readonly ApiError PayloadTooLarge = new("payload_too_large", 413, "Forespørgslen er for stor", "The request is too large");
    public static readonly ApiError UnsupportedMediaType = new("unsupported_media_type", 415, "Formatet understøttes ikke", "Unsupported media type");
    public static readonly ApiError RuleViolated = new("rule_violated", 422, "Handlingen strider mod reglerne", "The action breaks a rule");
    public static readonly ApiError RateLimited = new("rate_limited", 429, "For mange forespørgsler – vent lidt", "Too many requests; slow down");
    public static readonly ApiError InternalError = new("internal_error", 500, "Der opstod en fejl hos os", "An unexpected error occurred");
    public static readonly ApiError Unavailable = new("service_unavailable", 503, "Tjenesten er midlertidigt utilgængelig", "The service is temporarily unavailable");

    public static readonly ApiError SiteNotFound = new("site_not_found", 404, "Biblioteket findes ikke", "Site not found");
    public static readonly ApiError RoomNotFound = new("room_not_found", 404, "Lokalet findes ikke", "Room not found");
    public static readonly ApiError EntryNotFound = new("entry_not_found", 404, "Hændelsen findes ikke", "Entry event not found");

    // Domain rule violations raised as DomainException(code, …).
    public static readonly ApiError InvalidName = new("invalid_name", 422, "Navnet er ugyldigt", "The name is not valid");
    public static readonly ApiError InvalidSlug = new("invalid_slug", 422, "Kortnavnet er ugyldigt", "The short name is not valid");
    public static readonly ApiError GrantNotActive = new("grant_not_active", 409, "Adgangen er ikke længere aktiv", "The grant is no longer active");
    public static readonly ApiError ReasonRequired = new("reason_required", 422, "Angiv en begrundelse", "A reason is required");

    // Bookings (the codes of BookingPolicy and Booking) and keys (grants, credentials, guests).
    public static readonly ApiError BookingNotFound = new("booking_not_found", 404, "Bookingen findes ikke", "Booking not found");
    public static readonly ApiError BookingConflict = new("booking_conflict", 409, "Lokalet er allerede booket på det tidspunkt", "The room is already booked at that time");
    public static readonly ApiError InvalidInterval = new("invalid_interval", 422, "Bookingen skal slutte efter den starter", "The booking must end after it starts");
    public static readonly ApiError InThePast = new("in_the_past", 422, "Tidspunktet er overskredet", "The time has passed");
    public static readonly ApiError TooShortNotice = new("too_short_notice", 422, "Der er for kort varsel", "Too short notice");
    public static readonly ApiError TooFarAhead = new("too_far_ahead", 422, "Der kan ikke bookes så langt frem", "Too far ahead");
    public static readonly ApiError TooShort = new("too_short", 422, "Bookingen er for kort", "The booking is too short");
    public static readonly ApiError TooLong = new("too_long", 422, "Bookingen er for lang", "The booking is too long");
    public static readonly ApiError NotOnSlotBoundary = new("not_on_slot_boundary", 422, "Start og slut skal ligge på hele tidsintervaller", "Start and end must be on whole slots");
    public static readonly ApiError OutsideOpeningHours = new("outside_opening_hours", 422, "Tidspunktet ligger uden for åbningstiden", "Outside the opening hours");
    public static readonly ApiError OverCapacity = new("over_capacity", 422, "Der er for mange deltagere til lokalet", "Too many attendees for the room");
    public static readonly ApiError InvalidAttendees = new("invalid_attendees", 422, "Antallet af deltagere er ugyldigt", "The number of attendees is not valid");
    public static readonly ApiError AgeNotVerified = new("age_not_verified", 422, "Din alder kendes ikke", "Your age is not known");
    public static readonly ApiError UnderMinimumAge = new("under_minimum_age", 422, "Du er under aldersgrænsen for dette bibliotek", "You are under this library's minimum age");
    public static readonly ApiError TooManyActiveBookings = new("too_many_active_bookings", 422, "Du har allerede det højeste antal aktive bookinger her", "You already hold the most active bookings allowed here");
    public static readonly ApiError BookingAlreadyCancelled = new("booking_already_cancelled", 409, "Bookingen er allerede aflyst", "The booking is already cancelled");
    public static readonly ApiError BookingNotActive = new("booking_not_active", 409, "Bookingen er ikke længere aktiv", "The booking is no longer active");
    public static readonly ApiError BookingEnded = new("booking_ended", 409, "Bookingen er slut", "The booking has ended");
    public static readonly ApiError BookingStarted = new("booking_started", 409, "Bookingen er begyndt og kan ikke flyttes", "The booking has started and cannot be moved");
    public static readonly ApiError IdempotencyKeyReused = new("idempotency_key_reused", 422, "Idempotensnøglen er brugt til en anden forespørgsel", "The idempotency key was used for a different request");
    public static readonly ApiError InvalidIdempotencyKey = new("invalid_idempotency_key", 400, "Idempotensnøglen er ugyldig", "The idempotency key is not valid");
    public static readonly ApiError KeyNotFound = new("key_not_found", 404, "Nøglen findes ikke", "Key not found");
    public static readonly ApiError GrantNotFound = new("grant_not_found", 404, "Adgangen findes ikke", "Grant not found");
    public static readonly ApiError GuestNotFound = new("guest_not_found", 404, "Gæsten findes ikke", "Guest not found");
    public static readonly ApiError CitizenNotFound = new("citizen_not_found", 404, "Borgeren findes ikke", "Citizen not found");
    public static readonly ApiError DoorNotInYourSites = new("door_not_in_your_sites", 403, "Døren hører ikke til dine biblioteker", "The door is not at one of your sites");
    public static readonly ApiError DoorsSpanSites = new("doors_span_sites", 422, "En adgang gælder døre på ét bibliotek", "A grant covers the doors of one site");
    public static readonly ApiError GrantWithoutDoor = new("grant_without_door", 422, "Vælg mindst én dør", "Choose at least one door");
    public static readonly ApiError TooManyDoors = new("too_many_doors", 422, "Der er valgt for mange døre", "Too many doors");
    public static readonly ApiError InvalidValidity = new("invalid_validity", 422, "Gyldighedsperioden er ugyldig", "The validity period is not valid");
    public static readonly ApiError GuestContactRequired = new("guest_contact_required", 422, "Angiv gæstens telefonnummer eller e-mail", "Give the guest's phone number or e-mail address");
    public static readonly ApiError GrantFromBooking = new("grant_from_booking", 409, "En bookings nøgle ændres sammen med bookingen", "A booking's key changes with its booking");
    public static readonly ApiError NotAGuestGrant = new("not_a_guest_grant", 409, "Kun en gæsts PIN-kode kan sendes på ny herfra", "Only a guest's PIN can be re-sent from here");
    public static readonly ApiError GuestAnonymised = new("guest_anonymised", 409, "Gæstens oplysninger er slettet", "The guest's personal data has been deleted");
    public static readonly ApiError PinSpaceExhausted = new("pin_space_exhausted", 503, "Der kunne ikke dannes en unik PIN-kode – prøv igen", "No unique PIN could be made; try again");
    public static readonly ApiError MobileKeyUnavailable = new("mobile_key_unavailable", 409, "Mobilnøglen kan ikke udstedes for denne adgang", "No mobile key can be issued for this grant");
    public static readonly ApiError DevInboxDisabled = new("dev_inbox_disabled", 404, "Udviklingsindbakken er slået fra", "The development inbox is disabled");

    // Identity and access (the API).
    public static readonly ApiError UserNotFound = new("user_not_found", 404, "Brugeren findes ikke", "User not found");
    public static readonly ApiError InvalidRoleAssignment = new("invalid_role_assignment", 422, "Rollen kan ikke tildeles sådan", "The role cannot be assigned like that");
    public static readonly ApiError LastAdmin = new("last_admin", 409, "Der skal være mindst én administrator", "There must be at least one administrator");

    // The lock fleet.
    public static readonly ApiError LockNotFound = new("lock_not_found", 404, "Låsen findes ikke", "Lock not found");
    public static readonly ApiError DoorNotFound = new("door_not_found", 404, "Døren findes ikke", "Door not found");
    public static readonly ApiError RemoteUnlockNotFound = new("remote_unlock_not_found", 404, "Fjernåbningen findes ikke", "Remote unlock not found");
    public static readonly ApiError LockNotProvisioned = new("lock_not_provisioned", 409, "Låsen er ikke sat i drift", "The lock is not provisioned");
    public static readonly ApiError LockDecommissioned = new("lock_decommissioned", 409, "Låsen er taget ud af drift", "The lock is decommissioned");
    public static readonly ApiError LockExists = new("lock_exists", 409, "Døren har allerede en lås, eller lås-id'et er optaget", "The door already has a lock, or the lock id is taken");
    public static readonly ApiError InvalidLockId = new("invalid_lock_id", 422, "Lås-id'et er ugyldigt", "The lock id is not valid");
    public static readonly ApiError InvalidDuration = new("invalid_duration", 422, "Varigheden er ugyldig", "The duration is not valid");

    // Administration of sites, opening hours, rooms and doors.
    public static readonly ApiError SlugTaken = new("slug_taken", 409, "Kortnavnet er allerede i brug", "The short name is already in use");
    public static readonly ApiError UnknownTimeZone = new("unknown_time_zone", 422, "Tidszonen findes ikke", "Unknown time zone");
    public static readonly ApiError InvalidMinimumAge = new("invalid_minimum_age", 422, "Aldersgrænsen er ugyldig", "The minimum age is not valid");
    public static readonly ApiError InvalidSitePolicy = new("invalid_site_policy", 422, "Reglerne for stedet er ugyldige", "The site's rules are not valid");
    public static readonly ApiError InvalidCapacity = new("invalid_capacity", 422, "Antallet af pladser er ugyldigt", "The capacity is not valid");
    public static readonly ApiError InvalidBookingRules = new("invalid_booking_rules", 422, "Bookingreglerne modsiger hinanden", "The booking rules contradict each other");
    public static readonly ApiError RoomWithoutDoor = new("room_without_door", 422, "Et lokale skal have mindst én dør", "A room needs at least one door");
    public static readonly ApiError DoorNotAtSite = new("door_not_at_site", 422, "Et lokales døre skal være lokaledøre på samme sted", "A room's doors must be room doors of its own site");
    public static readonly ApiError RoomHasActiveBookings = new("room_has_active_bookings", 409, "Lokalet har kommende bookinger", "The room has upcoming bookings");
    public static readonly ApiError RoomHasBookingHistory = new("room_has_booking_history", 409, "Lokalet har tidligere bookinger og bevares", "The room has past bookings and is kept");
    public static readonly ApiError InvalidDoorKind = new("invalid_door_kind", 422, "Dørtypen er ugyldig", "The kind of door is not valid");
    public static readonly ApiError DoorInUse = new("door_in_use", 409, "Et lokale bruger døren", "A room uses the door");
    public static readonly ApiError DoorHasLock = new("door_has_lock", 409, "Døren har en lås", "The door has a lock");
    public static readonly ApiError DoorHasActiveGrants = new("door_has_active_grants", 409, "Der er aktive nøgler til døren", "Keys to the door are active");
    public static readonly ApiError DoorHasHistory = new("door_has_history", 409, "Døren har nøgler eller adgange i historikken og bevares", "Keys or entries refer to the door; it is kept");

    // OAuth 2.0 and OpenID Connect protocol errors (RFC 6749 §4.1.2.1 and §5.2, RFC 6750, RFC 7009,
    // OpenID Connect Core §3.1.2.6). The token service answers these in the OAuth JSON format with
    // the same code and title added, so OAuth clients and our problem-details readers both understand.
    public static readonly ApiError InvalidRequest = new("invalid_request", 400, "Forespørgslen er ugyldig", "The request is invalid");
    public static readonly ApiError InvalidClient = new("invalid_client", 401, "Klienten kunne ikke godkendes", "Client authentication failed");
    public static readonly ApiError InvalidGrant = new("invalid_grant", 400, "Tilladelsen er ugyldig eller udløbet", "The grant is invalid or has expired");
    public static readonly ApiError UnauthorizedClient = new("unauthorized_client", 400, "Klienten må ikke bruge denne metode", "The client may not use this method");
    public static readonly ApiError UnsupportedGrantType = new("unsupported_grant_type", 400, "Metoden understøttes ikke", "The grant type is not supported");
    public static readonly ApiError UnsupportedResponseType = new("unsupported_response_type", 400, "Svartypen understøttes ikke", "The response type is not supported");
    public static readonly ApiError InvalidScope = new("invalid_scope", 400, "Adgangsområdet er ugyldigt", "The scope is invalid");
    public static readonly ApiError AccessDenied = new("access_denied", 403, "Adgang nægtet", "Access denied");
    public static readonly ApiError LoginRequired = new("login_required", 400, "Du skal logge ind", "Login required");
    public static readonly ApiError RequestNotSupported = new("request_not_supported", 400, "Request-objekter understøttes ikke", "Request objects are not supported");
    public static readonly ApiError InvalidToken = new("invalid_token", 401, "Adgangsbeviset er ugyldigt", "The access token is invalid");
    public static readonly ApiError InsufficientScope = new("insufficient_scope", 403, "Adgangsbeviset giver ikke adgang hertil", "The access token does not allow this");

    private static readonly FrozenDictionary<string, ApiError> ByCode = typeof(ErrorCatalog)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ApiError))
        .Select(f => (ApiError)f.GetValue(null)!)
        .ToFrozenDictionary(e => e.Code);

    public static IEnumerable<ApiError> All => ByCode.Values;

    /// <summary>The catalogued error for a domain code; uncatalogued codes are reported as 422 with that code.</summary>
    public static ApiError ForCode(string code) =>
        ByCode.TryGetValue(code, out var error) ? error : RuleViolated with { Code = code };

    /// <summary>The generic error for a bare status code (404 from routing, 405, 415 …).</summary>
    public static ApiError ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        406 => NotAcceptable,
        409 => ConcurrencyConflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => RuleViolated,
        429 => RateLimited,
        503 => Unavailable,
        _ => InternalError with { Status = status },
    };
}
