"""The public portal (面向诉求人): report online, follow progress, rate the result, see public statistics.
No sign-in; every write goes through the case actions; abuse is held off by rate limits and a challenge."""
