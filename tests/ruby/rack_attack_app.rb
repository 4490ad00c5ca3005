# The Ruby side of the rack-attack compatibility test: a Rack app behind real
# rack-attack (Debian's ruby-rack-attack 6.6) counting in Redis, with one throttle.
#   ruby rack_attack_app.rb PORT REDIS_PORT NAME LIMIT PERIOD
require "rack"
require "rack/attack"
require "redis"
require "webrick"
require "rack/handler/webrick"

port, redis_port, name, limit, period = ARGV
Rack::Attack.cache.store = Redis.new(url: "redis://127.0.0.1:#{redis_port}/0")
Rack::Attack.throttle(name, limit: Integer(limit), period: Integer(period)) { |request| request.ip }

app = Rack::Builder.new do
  use Rack::Attack
  run ->(_env) { [200, { "Content-Type" => "text/plain" }, ["served by ruby\n"]] }
end
Rack::Handler::WEBrick.run(app, Host: "127.0.0.1", Port: Integer(port), AccessLog: [],
                                Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
