import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsEmail, IsIn, IsISO8601, IsInt, IsObject, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { ALL_REASON_DETAILS, INITIATOR_TYPES, INTERVIEW_KINDS, NOTIFY_CHANNELS, REASON_CODES } from '@hub/schema';

export class PersonRefDto {
  @ApiPropertyOptional({ description: "the person's id in the referenced connection", example: 'u-1001' })
  @IsOptional() @IsString() @Length(1, 256)
  externalId?: string;

  @ApiPropertyOptional({ example: '王面试官' })
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: NOTIFY_CHANNELS, isArray: true })
  @IsOptional() @IsArray() @IsIn(NOTIFY_CHANNELS, { each: true })
  preferredChannels?: string[];
}

export class CandidateDto extends PersonRefDto {
  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional() @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'phone must be 5–20 digits, spaces or dashes' })
  phone?: string;

  @ApiPropertyOptional({ example: 'li.lei@example.com' })
  @IsOptional() @IsEmail()
  email?: string;
}

export class PositionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 256)
  id?: string;

  @ApiProperty({ example: '销售经理' }) @IsString() @Length(1, 200)
  title!: string;
}

export class InterviewRefDto {
  @ApiProperty({ description: 'the connection the interview lives in', example: 'dingtalk-main' })
  @IsString() @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/)
  connectionId!: string;

  @ApiProperty({ description: "the interview's id in that system", example: 'iv-1001' })
  @IsString() @Length(1, 256)
  externalId!: string;

  @ApiPropertyOptional({ enum: INTERVIEW_KINDS, default: 'ai_cloud' })
  @IsOptional() @IsIn(INTERVIEW_KINDS)
  kind?: string;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1)
  round?: number;

  @ApiPropertyOptional({ example: '2026-12-01T10:00:00+08:00' })
  @IsOptional() @IsISO8601({ strict: true })
  scheduledStart?: string;

  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true })
  scheduledEnd?: string;

  @ApiPropertyOptional({ type: PositionDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => PositionDto)
  position?: PositionDto;

  @ApiPropertyOptional({ type: [PersonRefDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PersonRefDto)
  interviewers?: PersonRefDto[];
}

export class ReasonDto {
  @ApiProperty({ enum: REASON_CODES }) @IsIn(REASON_CODES)
  code!: string;

  @ApiPropertyOptional({ enum: ALL_REASON_DETAILS }) @IsOptional() @IsIn(ALL_REASON_DETAILS)
  detail?: string;

  @ApiPropertyOptional({ example: '候选人已接受其他offer' }) @IsOptional() @IsString() @Length(1, 2000)
  text?: string;
}

export class InitiatorDto {
  @ApiProperty({ enum: INITIATOR_TYPES }) @IsIn(INITIATOR_TYPES)
  type!: string;

  @ApiPropertyOptional({ description: 'id of the person in the target systems (e.g. DingTalk userId), used for follow-up reminders' })
  @IsOptional() @IsString() @Length(1, 256)
  id?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  name?: string;
}

/** One-click cancel: the hub becomes the origin and fans the cancellation out to every connection. */
export class CreateCancellationDto {
  @ApiProperty({ type: InterviewRefDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => InterviewRefDto)
  interview!: InterviewRefDto;

  @ApiProperty({ type: CandidateDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => CandidateDto)
  candidate!: CandidateDto;

  @ApiProperty({ type: ReasonDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => ReasonDto)
  reason!: ReasonDto;

  @ApiProperty({ type: InitiatorDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => InitiatorDto)
  initiatedBy!: InitiatorDto;

  @ApiPropertyOptional({ description: 'groups cancellations made together (batch cancel)' })
  @IsOptional() @IsString() @Length(1, 256)
  batchId?: string;
}
