namespace GuestAccess.Domain.Rooms;

/// <summary>What a room offers. Stored as flags; shown as a list of names.</summary>
[Flags]
public enum RoomEquipment
{
    None = 0,

    /// <summary>Teleslynge.</summary>
    HearingLoop = 1 << 0,

    /// <summary>Step-free access and space for a wheelchair (handicapvenlig adgang).</summary>
    WheelchairAccess = 1 << 1,
    Projector = 1 << 2,
    Screen = 1 << 3,
    Whiteboard = 1 << 4,
    VideoConference = 1 << 5,
    SoundSystem = 1 << 6,
    Kitchenette = 1 << 7,
}
