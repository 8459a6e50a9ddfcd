/**
 * The CloudFormation templates in deploy/: every one is run through cfn-lint (the npm package, which validates
 * offline against its bundled resource specification), then checked structurally for what the docs promise.
 */
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { validateFile, validateJsonObject } from "cfn-lint/lib/api"
import { openFile } from "cfn-lint/lib/parser"

const DEPLOY = join(__dirname, "..", "..", "deploy")
const templates = readdirSync(DEPLOY).filter((f) => /\.ya?ml$|\.json$/.test(f))

/**
 * Critical findings of cfn-lint 1.x that are defects of the linter, not of the template, by template. Each is
 * matched exactly (resource path and message), so any other finding fails the test.
 * - Its resource specification predates dynamic references (`{{resolve:secretsmanager:...}}` is a string once
 *   CloudFormation resolves it), and it reports the `Fn::Sub` that builds one as "Expecting a string".
 * - After it resolves an `Fn::If` (the stage variable, the metadata that makes the stage wait for the optional log
 *   role) it loses the "Resources" prefix of the path it tracks, and then reports the intrinsic functions of the
 *   following resources as "not supported here" and their values as not strings/ARNs. The same properties written
 *   the same way in the other templates pass.
 */
const LINTER_DEFECTS: Record<string, string[]> = {
  "jwo-api-gateway.yaml": [
    "ApiGatewayCloudWatchRole > Properties > ManagedPolicyArns > 0: Intrinsic function Fn::Sub is not supported here",
    "ApiGatewayAccount > Properties > CloudWatchRoleArn: Intrinsic function Fn::GetAtt is not supported here",
    "CloudWatchAccountReady > Metadata > ApiGatewayAccount: Intrinsic function Fn::If is not supported here",
    "Resources > JwoStage > Properties > Variables > jwoConnectorSecret: Expecting a string, got { 'Fn::Sub': '{{resolve:secretsmanager:${InboundSecretId}}}' }",
    "Resources > ApiGatewayCloudWatchRole > Properties > ManagedPolicyArns > 0: Expecting a string, got {\n  'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'\n}",
    "Resources > ApiGatewayAccount > Properties > CloudWatchRoleArn: Expecting an ARN, got { 'Fn::GetAtt': [ 'ApiGatewayCloudWatchRole', 'Arn' ] }",
  ],
}

const load = (file: string) => openFile(join(DEPLOY, file))

describe("deploy/ templates", () => {
  it("are the three the docs describe", () => {
    expect(templates.sort()).toEqual(["jwo-amazon-access.yaml", "jwo-api-gateway.yaml", "jwo-catalog-notifications.yaml"])
  })

  describe.each(templates)("%s", (file) => {
    it("passes cfn-lint (offline, parameters guessed), apart from the linter's listed defects", () => {
      const result = validateFile(join(DEPLOY, file))
      const crit = result.errors.crit.map((e) => `${e.resource}: ${e.message}`)
      const known = LINTER_DEFECTS[file] ?? []
      expect(crit.filter((line) => !known.includes(line))).toEqual([])
      expect(result.errors.warn.map((e) => `${e.resource}: ${e.message}`)).toEqual([])
    })

    it("has a description, typed parameters with descriptions, and described outputs", () => {
      const t = load(file)
      expect(t.AWSTemplateFormatVersion).toBe("2010-09-09")
      expect(t.Description).toMatch(/docs\/deploy\.md/)
      for (const [name, p] of Object.entries<any>(t.Parameters ?? {})) {
        expect({ name, type: typeof p.Type, description: typeof p.Description }).toEqual({ name, type: "string", description: "string" })
      }
      for (const [name, o] of Object.entries<any>(t.Outputs ?? {})) {
        expect({ name, description: typeof o.Description, value: o.Value !== undefined }).toEqual({ name, description: "string", value: true })
      }
    })
  })

  it("the linter does catch a broken template (so the test above can fail)", () => {
    const broken = load("jwo-catalog-notifications.yaml")
    broken.Resources.NotificationsQueue.Properties.VisibilityTimout = 30
    broken.Resources.NotificationsQueuePolicy.Properties.PolicyDocument = "not a policy"
    broken.Outputs.QueueArn.Value = { "Fn::GetAtt": ["NoSuchQueue", "Arn"] }
    const crit = validateJsonObject(broken).errors.crit.map((e) => `${e.resource}: ${e.message}`)
    expect(crit.join("\n")).toMatch(/VisibilityTimout is not a valid property/)
    expect(crit.join("\n")).toMatch(/NoSuchQueue/)
    expect(crit.join("\n")).toMatch(/PolicyDocument/)
  })

  describe("jwo-catalog-notifications.yaml", () => {
    const t = load("jwo-catalog-notifications.yaml")
    const r = t.Resources

    it("is a queue with a dead-letter queue (redrive after MaxReceiveCount deliveries)", () => {
      expect(r.NotificationsQueue.Type).toBe("AWS::SQS::Queue")
      expect(r.NotificationsDeadLetterQueue.Type).toBe("AWS::SQS::Queue")
      expect(r.NotificationsQueue.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { "Fn::GetAtt": ["NotificationsDeadLetterQueue", "Arn"] },
        maxReceiveCount: { Ref: "MaxReceiveCount" },
      })
      // Not FIFO: SNS standard topics deliver to standard queues.
      expect(r.NotificationsQueue.Properties.FifoQueue).toBeUndefined()
    })

    it("lets only Amazon's topic (a parameter) send, and only over TLS", () => {
      const policy = r.NotificationsQueuePolicy
      expect(policy.Type).toBe("AWS::SQS::QueuePolicy")
      expect(policy.Properties.Queues).toEqual([{ Ref: "NotificationsQueue" }])
      const [allow, deny] = policy.Properties.PolicyDocument.Statement
      expect(allow).toEqual({
        Sid: "AllowAmazonCatalogTopic",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: { "Fn::GetAtt": ["NotificationsQueue", "Arn"] },
        Condition: { ArnEquals: { "aws:SourceArn": { Ref: "AmazonCatalogTopicArn" } } },
      })
      expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } })
      expect(new RegExp(t.Parameters.AmazonCatalogTopicArn.AllowedPattern).test("arn:aws:sns:us-east-1:111122223333:jwo-catalog")).toBe(true)
      expect(new RegExp(t.Parameters.AmazonCatalogTopicArn.AllowedPattern).test("arn:aws:sqs:us-east-1:111122223333:jwo-catalog")).toBe(false)
    })

    it("outputs the queue ARN (Merchant Portal) and URL (plugin option)", () => {
      expect(t.Outputs.QueueArn.Value).toEqual({ "Fn::GetAtt": ["NotificationsQueue", "Arn"] })
      expect(t.Outputs.QueueUrl.Value).toEqual({ Ref: "NotificationsQueue" })
      expect(t.Outputs.QueueUrl.Description).toMatch(/catalog\.notifications\.queueUrl/)
      expect(Object.keys(t.Outputs)).toEqual(expect.arrayContaining(["DeadLetterQueueArn", "DeadLetterQueueUrl"]))
    })
  })

  describe("jwo-amazon-access.yaml", () => {
    const t = load("jwo-amazon-access.yaml")
    const r = t.Resources

    it("is a role the Medusa host principals (a parameter) assume, with an optional ExternalId", () => {
      const [trust] = r.JwoAmazonAccessRole.Properties.AssumeRolePolicyDocument.Statement
      expect(trust).toMatchObject({ Effect: "Allow", Principal: { AWS: { Ref: "TrustedPrincipalArns" } }, Action: "sts:AssumeRole" })
      expect(trust.Condition["Fn::If"][0]).toBe("HasExternalId")
      expect(trust.Condition["Fn::If"][1]).toEqual({ StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } })
      expect(t.Parameters.ExternalId.NoEcho).toBe(true)
    })

    it("may invoke exactly the Catalog and Checkout calls the plugin makes", () => {
      const [statement] = r.JwoInvokeAmazonApisPolicy.Properties.PolicyDocument.Statement
      expect(statement).toEqual({ Sid: "InvokeJwoCatalogAndCheckout", Effect: "Allow", Action: "execute-api:Invoke", Resource: { Ref: "ExecuteApiArns" } })
      expect(r.JwoInvokeAmazonApisPolicy.Properties.Roles).toEqual([{ Ref: "JwoAmazonAccessRole" }])
      const arns = String(t.Parameters.ExecuteApiArns.Default).split(",")
      expect(arns.map((arn) => arn.replace(/^arn:aws:execute-api:\*:\*:\*\/\*/, ""))).toEqual([
        "/POST/v1/catalog/upload",
        "/POST/v1/catalog/getCatalogUploadStatus",
        "/POST/v1/checkout/carts",
      ])
    })

    it("may read the notifications queue only when its ARN is given, and then only that queue", () => {
      const read = r.JwoReadNotificationsPolicy
      expect(read.Condition).toBe("HasNotificationsQueue")
      const [statement] = read.Properties.PolicyDocument.Statement
      expect(statement.Resource).toEqual({ Ref: "NotificationsQueueArn" })
      expect(statement.Action).toEqual(expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]))
      expect(statement.Action).not.toContain("sqs:SendMessage")
      const pattern = new RegExp(t.Parameters.NotificationsQueueArn.AllowedPattern)
      expect(["", "arn:aws:sqs:us-east-1:111122223333:jwo-catalog-notifications"].every((v) => pattern.test(v))).toBe(true)
      expect(pattern.test("arn:aws:sns:us-east-1:111122223333:topic")).toBe(false)
    })

    it("outputs the role ARN to register with Amazon and set as amazon.roleArn", () => {
      expect(t.Outputs.RoleArn.Value).toEqual({ "Fn::GetAtt": ["JwoAmazonAccessRole", "Arn"] })
      expect(t.Outputs.RoleArn.Description).toMatch(/amazon\.roleArn/)
    })
  })
})
