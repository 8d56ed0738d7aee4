Console.WriteLine("guestaccess-sim: not yet implemented");
return 1;
