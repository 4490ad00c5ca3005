# The Ruby side of the Rails session-cookie test: cookies minted by Rails 6.1's own
# cookie jar (ActionDispatch, Debian's ruby-actionpack), as a browser would send them.
#   ruby rails_cookies.rb SECRET_KEY_BASE SERIALIZER(json|marshal|hybrid) DIGEST(sha1|sha256)
# Prints "<case> <Cookie header value>" lines.
require "action_dispatch"
require "action_dispatch/middleware/cookies"
require "active_support"
require "active_support/key_generator"
require "active_support/messages/rotation_configuration"
require "active_support/core_ext/integer/time"
require "openssl"

secret, serializer, digest = ARGV

# Rails 7's key generator with its SHA256 default (config.active_support.
# key_generator_hash_digest_class): PBKDF2-HMAC-SHA256, 1000 iterations. ActiveSupport 6.1
# (Debian's) only derives with SHA1, so SHA256 cookies are minted with its cookie jar and
# Rails 7's derivation, written out here as Rails 7 does it.
class Sha256KeyGenerator
  def initialize(secret)
    @secret = secret
  end

  def generate_key(salt, key_size = 64)
    OpenSSL::PKCS5.pbkdf2_hmac(@secret, salt, 1000, key_size, OpenSSL::Digest::SHA256.new)
  end
end

def mint(secret, serializer, digest, name, value, expires: nil)
  base = digest == "sha256" ? Sha256KeyGenerator.new(secret) : ActiveSupport::KeyGenerator.new(secret, iterations: 1000)
  generator = ActiveSupport::CachingKeyGenerator.new(base)
  env = Rack::MockRequest.env_for("/")
  env.merge!(
    "action_dispatch.key_generator" => generator,
    "action_dispatch.secret_key_base" => secret,
    "action_dispatch.authenticated_encrypted_cookie_salt" => "authenticated encrypted cookie",
    "action_dispatch.encrypted_cookie_cipher" => "aes-256-gcm",
    "action_dispatch.use_authenticated_cookie_encryption" => true,
    "action_dispatch.use_cookies_with_metadata" => true,
    "action_dispatch.cookies_serializer" => serializer.to_sym,
    "action_dispatch.cookies_rotations" => ActiveSupport::Messages::RotationConfiguration.new
  )
  jar = ActionDispatch::Request.new(env).cookie_jar
  options = { value: value }
  options[:expires] = expires if expires
  jar.encrypted[name] = options
  headers = {}
  jar.write(headers)
  headers["Set-Cookie"].split(";").first # "name=escaped value", as the browser sends it back
end

session = { "session_id" => "3f2a9c", "user_id" => 42, "_csrf_token" => "tok", "flash" => nil,
            "warden.user.user.key" => [[42], "$2a$12$abcdefghijklmnopqrstuv"], "big" => 2**70, "ratio" => 0.25,
            "tags" => ["a", "b"] }
devise_only = { "warden.user.user.key" => [[7], "salt"] }
puts "valid #{mint(secret, serializer, digest, "_app_session", session)}"
puts "devise #{mint(secret, serializer, digest, "_app_session", devise_only)}"
puts "future #{mint(secret, serializer, digest, "_app_session", session, expires: Time.now + 3600)}"
puts "expired #{mint(secret, serializer, digest, "_app_session", session, expires: Time.now - 3600)}"
other = mint(secret, serializer, digest, "_other_cookie", session)
puts "wrong_purpose _app_session=#{other.split("=", 2).last}"
puts "wrong_key #{mint(secret.reverse, serializer, digest, "_app_session", session)}"
