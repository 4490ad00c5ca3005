# The Ruby side of the Flipper compatibility test: real ruby-flipper 0.25 decides for
# 10,000 actors ("User;1" .. "User;10000") per feature; one line per feature:
#   <feature> <percentage_of_actors> <boolean> <actor list> <10000 characters of 0/1>
require "flipper"
require "flipper/adapters/memory"

Actor = Struct.new(:flipper_id)
flipper = Flipper.new(Flipper::Adapters::Memory.new)
actors = (1..10_000).map { |i| Actor.new("User;#{i}") }

features = [
  ["search", 0, false, []], ["search", 1, false, []], ["billing-v2", 12.5, false, []],
  ["managed-databases", 33, false, []], ["search", 50, false, []], ["kubernetes_autoscale", 99.9, false, []],
  ["everyone", 0, true, []], ["chosen", 0, false, ["User;42", "User;7"]], ["mixed", 5, false, ["User;9999"]],
]
features.each_with_index do |(name, percentage, boolean, chosen), index|
  key = "#{name}" # each run its own adapter state: reset the feature first
  feature = flipper[key]
  feature.remove
  feature = flipper[key]
  feature.enable_percentage_of_actors(percentage) if percentage > 0
  feature.enable if boolean
  chosen.each { |id| feature.enable_actor(Actor.new(id)) }
  bits = actors.map { |actor| feature.enabled?(actor) ? "1" : "0" }.join
  puts [key, percentage, boolean, chosen.empty? ? "-" : chosen.join(","), bits].join(" ")
end
